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
    @Column(name = "status_message")
    private @Nullable String statusMessage;
    @Column(name = "last_test_ok")
    private @Nullable Boolean lastTestOk;
    @Column(name = "rate_limit_per_minute")
    private @Nullable Integer rateLimitPerMinute;
    @Column(name = "test_url")
    private @Nullable String testUrl;
    @Column(name = "oauth_client")
    private @Nullable String oauthClient;
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

    public @Nullable String getScopes() {
        return scopes;
    }

    public @Nullable String getStatusMessage() {
        return statusMessage;
    }

    public @Nullable Boolean getLastTestOk() {
        return lastTestOk;
    }

    /** Whose OAuth app issued this connection's tokens ({@code PLATFORM} or {@code TENANT}); null for other kinds. */
    public @Nullable String getOauthClient() {
        return oauthClient;
    }

    public @Nullable Integer getRateLimitPerMinute() {
        return rateLimitPerMinute;
    }

    public void setRateLimitPerMinute(@Nullable Integer rateLimitPerMinute) {
        this.rateLimitPerMinute = rateLimitPerMinute;
    }

    public @Nullable String getTestUrl() {
        return testUrl;
    }

    public void setTestUrl(@Nullable String testUrl) {
        this.testUrl = testUrl;
    }

    public void rename(String name) {
        this.name = name;
    }

    /** Fresh tokens arrived (connect, reconnect): usable again. */
    public void connected(@Nullable String scopes, @Nullable Instant expiresAt, String oauthClient) {
        this.status = ConnectionStatus.CONNECTED;
        this.statusMessage = null;
        this.scopes = scopes;
        this.expiresAt = expiresAt;
        this.oauthClient = oauthClient;
    }

    /** New entered credentials: usable again. */
    public void credentialsReplaced() {
        this.status = ConnectionStatus.CONNECTED;
        this.statusMessage = null;
        this.lastTestOk = null;
    }

    /** Its secret is gone; it cannot be used until reconnected or given new credentials. */
    public void revoked(String message) {
        this.status = ConnectionStatus.REVOKED;
        this.statusMessage = message;
        this.expiresAt = null;
    }

    public void tested(boolean ok, Instant at) {
        this.lastTestOk = ok;
        this.lastTestedAt = at;
    }
}
