package io.flowmeter.identity.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * A link that lets someone choose a new password without the old one. Works once, until it expires; using one (or
 * changing the password any other way) revokes the account's other open links. Only the link's hash is stored.
 */
@Entity
@Table(name = "password_resets")
public class PasswordReset {

    @Id
    private UUID id;
    @Column(name = "user_id")
    private UUID userId;
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "created_at", updatable = false)
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "used_at")
    private @Nullable Instant usedAt;
    @Column(name = "revoked_at")
    private @Nullable Instant revokedAt;

    protected PasswordReset() {
    }

    public PasswordReset(UUID userId, String tokenHash, Instant createdAt, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public UUID getId() {
        return id;
    }

    public UUID getUserId() {
        return userId;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public boolean isUsed() {
        return usedAt != null;
    }

    /** Neither used, revoked nor expired. */
    public boolean isOpen(Instant now) {
        return usedAt == null && revokedAt == null && now.isBefore(expiresAt);
    }
}
