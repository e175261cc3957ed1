package io.flowmeter.identity.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** A person's account. Global: one account can be a member of several tenants. */
@Entity
@Table(name = "users")
public class User {

    @Id
    private UUID id;
    private String email;
    @Column(name = "password_hash")
    private @Nullable String passwordHash;
    @Column(name = "display_name")
    private String displayName;
    @Column(name = "platform_admin")
    private boolean platformAdmin;
    @Column(name = "last_tenant_id")
    private @Nullable UUID lastTenantId;
    @Column(name = "created_at", updatable = false)
    private Instant createdAt;
    /** Bumped with every new password; sessions signed in under an older value end (see the session re-check). */
    @Column(name = "credentials_version")
    private long credentialsVersion;
    @Version
    private @Nullable Long version;

    protected User() {
    }

    public User(String email, String displayName, @Nullable String passwordHash) {
        this.id = UUID.randomUUID();
        this.email = normalizeEmail(email);
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.createdAt = Instant.now();
    }

    public static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    public UUID getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public @Nullable String getPasswordHash() {
        return passwordHash;
    }

    public String getDisplayName() {
        return displayName;
    }

    public boolean isPlatformAdmin() {
        return platformAdmin;
    }

    public @Nullable UUID getLastTenantId() {
        return lastTenantId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public long getCredentialsVersion() {
        return credentialsVersion;
    }

    /** A new password, which ends the account's sessions signed in with the old one. */
    public void changePassword(String passwordHash) {
        this.passwordHash = passwordHash;
        this.credentialsVersion++;
    }

    public void rename(String displayName) {
        this.displayName = displayName;
    }

    public void grantPlatformAdmin() {
        this.platformAdmin = true;
    }

    public void rememberTenant(UUID tenantId) {
        this.lastTenantId = tenantId;
    }
}
