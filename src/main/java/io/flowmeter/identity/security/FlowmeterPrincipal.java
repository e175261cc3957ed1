package io.flowmeter.identity.security;

import io.flowmeter.identity.domain.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A signed-in person and the tenant they currently work in. Immutable: switching tenants or a role change
 * replaces the principal. A platform admin who belongs to no active tenant has no tenant. {@code credentialsVersion}
 * is the account's at sign-in: once the password changes, the session re-check finds a newer one and ends the session.
 */
public record FlowmeterPrincipal(UUID userId, String email, String displayName, boolean platformAdmin,
                                 @Nullable UUID tenantId, @Nullable String tenantName, @Nullable Role role,
                                 long credentialsVersion)
        implements TenantBound, Serializable {

    public static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";

    /** ROLE_ authorities: the tenant role and every role it includes, plus PLATFORM_ADMIN. */
    public List<GrantedAuthority> authorities() {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
        if (role != null) {
            role.implied().forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r.name())));
        }
        if (platformAdmin) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + PLATFORM_ADMIN));
        }
        return authorities;
    }

    public boolean hasTenant() {
        return tenantId != null;
    }

    public boolean has(Role required) {
        return role != null && role.includes(required);
    }
}
