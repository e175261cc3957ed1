package io.flowmeter.connection.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.TenantId;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A tenant's account at a service. Its secret values live in the secret store under the connection's id. */
@Entity
@Table(name = "connections")
public class Connection {

    @Id
    private UUID id;
    @TenantId
    @Column(name = "tenant_id")
    private UUID tenantId;
    private String connector;
    private String name;
    @Enumerated(EnumType.STRING)
    @Column(name = "auth_kind")
    private AuthKind authKind;
    @Enumerated(EnumType.STRING)
    private ConnectionStatus status;
    private @Nullable String scopes;
    @Column(name = "expires_at")
    private @Nullable Instant expiresAt;
    @Column(name = "created_by")
    private @Nullable UUID createdBy;
    @Column(name = "created_at", updatable = false)
    private Instant createdAt;
    @Column(name = "last_used_at")
    private @Nullable Instant lastUsedAt;
    @Column(name = "last_tested_at")
    private @Nullable Instant lastTestedAt;
    @Version
    private @Nullable Long version;

    protected Connection() {
    }

    public Connection(String connector, String name, AuthKind authKind, @Nullable UUID createdBy) {
        this.id = UUID.randomUUID();
        this.connector = connector;
        this.name = name;
        this.authKind = authKind;
        this.status = ConnectionStatus.CONNECTED;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getConnector() {
        return connector;
    }

    public String getName() {
        return name;
    }

    public AuthKind getAuthKind() {
        return authKind;
    }

    public ConnectionStatus getStatus() {
        return status;
    }

    public @Nullable Instant getCreatedAt() {
        return createdAt;
    }

    public @Nullable Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public @Nullable Instant getLastTestedAt() {
        return lastTestedAt;
    }

    public @Nullable Instant getExpiresAt() {
        return expiresAt;
    }

    public void rename(String name) {
        this.name = name;
    }
}
