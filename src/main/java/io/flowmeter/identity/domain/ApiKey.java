package io.flowmeter.identity.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A tenant's key for the REST API. The key itself is shown once; only its hash and prefix are stored. */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    private UUID id;
    @TenantId
    @Column(name = "tenant_id")
    private UUID tenantId;
    private String name;
    @Column(name = "key_prefix")
    private String keyPrefix;
    @Column(name = "key_hash")
    private String keyHash;
    @Column(name = "created_by")
    private @Nullable UUID createdBy;
    @Column(name = "created_at", updatable = false)
    private Instant createdAt;
    @Column(name = "last_used_at")
    private @Nullable Instant lastUsedAt;
    @Column(name = "revoked_at")
    private @Nullable Instant revokedAt;

    protected ApiKey() {
    }

    public ApiKey(String name, String keyPrefix, String keyHash, @Nullable UUID createdBy) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.keyPrefix = keyPrefix;
        this.keyHash = keyHash;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getName() {
        return name;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public @Nullable Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public @Nullable Instant getRevokedAt() {
        return revokedAt;
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public void revoke(Instant now) {
        this.revokedAt = now;
    }
}
