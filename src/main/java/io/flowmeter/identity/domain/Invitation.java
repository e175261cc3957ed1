package io.flowmeter.identity.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A one-time link that lets someone join a tenant with a role. Only the link's hash is stored. */
@Entity
@Table(name = "invitations")
public class Invitation {

    @Id
    private UUID id;
    @TenantId
    @Column(name = "tenant_id")
    private UUID tenantId;
    private String email;
    @Enumerated(EnumType.STRING)
    private Role role;
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "invited_by")
    private @Nullable UUID invitedBy;
    @Column(name = "created_at", updatable = false)
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "accepted_at")
    private @Nullable Instant acceptedAt;
    @Column(name = "revoked_at")
    private @Nullable Instant revokedAt;

    protected Invitation() {
    }

    public Invitation(String email, Role role, String tokenHash, @Nullable UUID invitedBy, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.email = User.normalizeEmail(email);
        this.role = role;
        this.tokenHash = tokenHash;
        this.invitedBy = invitedBy;
        this.createdAt = Instant.now();
        this.expiresAt = expiresAt;
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getEmail() {
        return email;
    }

    public Role getRole() {
        return role;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public boolean isPending(Instant now) {
        return acceptedAt == null && revokedAt == null && now.isBefore(expiresAt);
    }

    public boolean isAccepted() {
        return acceptedAt != null;
    }

    public void accept(Instant now) {
        this.acceptedAt = now;
    }

    public void revoke(Instant now) {
        this.revokedAt = now;
    }
}
