package io.flowmeter.identity.security;

import io.flowmeter.identity.domain.Membership;
import io.flowmeter.identity.domain.MembershipRepository;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.domain.User;
import io.flowmeter.identity.domain.UserRepository;
import io.flowmeter.identity.security.SignInRefusedException.Reason;
import io.flowmeter.identity.service.EmailAddress;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.domain.Tenant;
import io.flowmeter.tenancy.domain.TenantRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Locale;

/**
 * Maps a person who signed in through the OIDC provider to a Flowmeter account by verified email. Unknown
 * people are refused unless {@code flowmeter.sso.auto-join-tenant} names a tenant they may join.
 */
@Component
class SsoAccounts {

    private final UserRepository users;
    private final MembershipRepository memberships;
    private final TenantRepository tenants;
    private final TransactionTemplate tx;
    private final String autoJoinTenant;
    private final Role autoJoinRole;

    SsoAccounts(UserRepository users, MembershipRepository memberships, TenantRepository tenants, TransactionTemplate tx,
                @Value("${flowmeter.sso.auto-join-tenant}") String autoJoinTenant,
                @Value("${flowmeter.sso.auto-join-role}") String autoJoinRole) {
        this.users = users;
        this.memberships = memberships;
        this.tenants = tenants;
        this.tx = tx;
        this.autoJoinTenant = autoJoinTenant.strip();
        this.autoJoinRole = Role.valueOf(autoJoinRole.strip().toUpperCase(Locale.ROOT));
    }

    User resolve(OidcUser oidcUser) {
        String email = oidcUser.getEmail();
        if (email == null || !EmailAddress.isValid(email) || Boolean.FALSE.equals(oidcUser.getEmailVerified())) {
            throw new SignInRefusedException(Reason.SSO_NO_ACCOUNT,
                    "Your identity provider did not share a verified email address, so we cannot find your account.");
        }
        var existing = TenantContext.callAsPlatform(() -> tx.execute(status -> users.findByEmail(email)));
        if (existing.isPresent()) {
            return existing.get();
        }
        if (autoJoinTenant.isEmpty()) {
            throw noAccount(email);
        }
        Tenant tenant = TenantContext.callAsPlatform(() -> tx.execute(status -> tenants.findBySlug(autoJoinTenant)))
                .orElseThrow(() -> noAccount(email));
        String name = oidcUser.getFullName() != null ? oidcUser.getFullName() : email.split("@")[0];
        return TenantContext.callAsTenant(tenant.getId(), () -> tx.execute(status -> {
            User user = users.save(new User(email, name, null));
            memberships.save(new Membership(user.getId(), autoJoinRole));
            return user;
        }));
    }

    private static SignInRefusedException noAccount(String email) {
        return new SignInRefusedException(Reason.SSO_NO_ACCOUNT,
                "There is no Flowmeter account for " + email + ". Ask your organization's admin for an invite.");
    }
}
