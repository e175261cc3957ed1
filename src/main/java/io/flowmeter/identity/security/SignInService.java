package io.flowmeter.identity.security;

import io.flowmeter.identity.domain.Membership;
import io.flowmeter.identity.domain.MembershipRepository;
import io.flowmeter.identity.domain.User;
import io.flowmeter.identity.domain.UserRepository;
import io.flowmeter.identity.security.SignInRefusedException.Reason;
import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.shared.audit.AuditActor;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.domain.Tenant;
import io.flowmeter.tenancy.domain.TenantRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides where a person lands after proving who they are: the tenant they used last if it is still active,
 * else their first active tenant. Refuses, with a message they may see, when every tenant they belong to is
 * suspended or they belong to none (platform admins can always sign in, to administer).
 */
@Service
public class SignInService {

    /** One of the person's tenants, for the tenant switcher. */
    public record TenantChoice(UUID tenantId, String name, String slug, String role, boolean active) {
    }

    /**
     * What a signed-in session may do now: carry on as {@link Valid#principal()} (the role or name may have changed),
     * or end, with a reason the person is shown on the sign-in page.
     */
    public sealed interface SessionCheck {
        record Valid(FlowmeterPrincipal principal) implements SessionCheck {
        }

        record Ended(String reason) implements SessionCheck {
        }
    }

    static final String MEMBERSHIP_ENDED =
            "You were signed out: your organization's account is suspended or your membership ended.";
    static final String PASSWORD_CHANGED = "You were signed out because your password was changed. Sign in with the new one.";

    private final UserRepository users;
    private final MembershipRepository memberships;
    private final TenantRepository tenants;
    private final TransactionTemplate tx;
    private final Audit audit;
    private final SignInFailures failures;

    SignInService(UserRepository users, MembershipRepository memberships, TenantRepository tenants, TransactionTemplate tx, Audit audit,
                  SignInFailures failures) {
        this.audit = audit;
        this.failures = failures;
        this.users = users;
        this.memberships = memberships;
        this.tenants = tenants;
        this.tx = tx;
    }

    /**
     * Signs {@code user} in (into their last organization, or the first active one), recorded in the audit log with
     * {@code method} (password, single sign-on, sign-up, invitation).
     */
    public Authentication authenticate(User user, String method) {
        return authenticate(user.getId(), null, method);
    }

    /** A fresh authentication for {@code userId} in {@code preferredTenant} (or the default choice), not audited. */
    public Authentication authenticate(UUID userId, @Nullable UUID preferredTenant) {
        return authenticate(userId, preferredTenant, null);
    }

    /**
     * {@link #authenticate(UUID, UUID)}, recorded as a sign-in with {@code method} when it is not null (a sign-in, or a
     * switch of organization: an entry into another one).
     */
    public Authentication authenticate(UUID userId, @Nullable UUID preferredTenant, @Nullable String method) {
        try {
            return choose(userId, preferredTenant, method);
        } catch (SignInRefusedException refused) {
            if (method != null) { // after the refused transaction rolled back, so that the record stays
                failures.refused(userId, method, refused.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            }
            throw refused;
        }
    }

    private Authentication choose(UUID userId, @Nullable UUID preferredTenant, @Nullable String method) {
        FlowmeterPrincipal principal = TenantContext.callAsPlatform(() -> tx.execute(status -> {
            User user = users.findById(userId)
                    .orElseThrow(() -> new SignInRefusedException(Reason.NO_MEMBERSHIP, "This account no longer exists"));
            List<Membership> all = memberships.findAllByUserId(userId);
            Map<UUID, Tenant> byId = tenants.findAllById(all.stream().map(Membership::getTenantId).toList()).stream()
                    .collect(Collectors.toMap(Tenant::getId, Function.identity()));
            List<Membership> active = all.stream()
                    .filter(m -> byId.containsKey(m.getTenantId()) && byId.get(m.getTenantId()).isActive())
                    .sorted(Comparator.comparing(m -> byId.get(m.getTenantId()).getName()))
                    .toList();
            UUID wanted = preferredTenant != null ? preferredTenant : user.getLastTenantId();
            Optional<Membership> chosen = active.stream().filter(m -> m.getTenantId().equals(wanted)).findFirst()
                    .or(() -> preferredTenant == null ? active.stream().findFirst() : Optional.empty());
            if (chosen.isEmpty()) {
                if (preferredTenant != null) {
                    throw new SignInRefusedException(Reason.NO_MEMBERSHIP, "You are not a member of that organization");
                }
                if (user.isPlatformAdmin()) {
                    if (method != null) {
                        audit.platformAs(AuditActor.user(user.getId(), user.getEmail()), AuditAction.SIGNED_IN, user.getEmail(),
                                Map.of("method", method));
                    }
                    return new FlowmeterPrincipal(user.getId(), user.getEmail(), user.getDisplayName(), true, null, null, null,
                            user.getCredentialsVersion());
                }
                if (!all.isEmpty()) {
                    throw new SignInRefusedException(Reason.SUSPENDED,
                            "Your organization's account is suspended. Contact support to reactivate it.");
                }
                throw new SignInRefusedException(Reason.NO_MEMBERSHIP,
                        "Your account does not belong to any organization. Ask an admin to invite you.");
            }
            Membership membership = chosen.get();
            Tenant tenant = byId.get(membership.getTenantId());
            user.rememberTenant(tenant.getId());
            if (method != null) {
                audit.recordAs(AuditActor.user(user.getId(), user.getEmail()), tenant.getId(), AuditAction.SIGNED_IN, user.getId(),
                        user.getEmail(), Map.of("method", method, "role", membership.getRole().name()));
            }
            return new FlowmeterPrincipal(user.getId(), user.getEmail(), user.getDisplayName(), user.isPlatformAdmin(),
                    tenant.getId(), tenant.getName(), membership.getRole(), user.getCredentialsVersion());
        }));
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.authorities());
    }

    /** Every tenant the person belongs to, active or not, by name. */
    public List<TenantChoice> tenantsOf(UUID userId) {
        return TenantContext.callAsPlatform(() -> tx.execute(status -> {
            List<Membership> all = memberships.findAllByUserId(userId);
            Map<UUID, Tenant> byId = tenants.findAllById(all.stream().map(Membership::getTenantId).toList()).stream()
                    .collect(Collectors.toMap(Tenant::getId, Function.identity()));
            return all.stream()
                    .filter(m -> byId.containsKey(m.getTenantId()))
                    .map(m -> {
                        Tenant t = byId.get(m.getTenantId());
                        return new TenantChoice(t.getId(), t.getName(), t.getSlug(), m.getRole().label(), t.isActive());
                    })
                    .sorted(Comparator.comparing(TenantChoice::name))
                    .toList();
        }));
    }

    /** Re-checks a signed-in principal against the database. */
    public SessionCheck refresh(FlowmeterPrincipal principal) {
        return TenantContext.callAsPlatform(() -> tx.execute(status -> {
            Optional<User> found = users.findById(principal.userId());
            if (found.isEmpty()) {
                return new SessionCheck.Ended(MEMBERSHIP_ENDED);
            }
            User user = found.get();
            if (user.getCredentialsVersion() != principal.credentialsVersion()) {
                return new SessionCheck.Ended(PASSWORD_CHANGED);
            }
            if (principal.tenantId() == null) {
                return user.isPlatformAdmin()
                        ? new SessionCheck.Valid(new FlowmeterPrincipal(user.getId(), user.getEmail(), user.getDisplayName(),
                                true, null, null, null, user.getCredentialsVersion()))
                        : new SessionCheck.Ended(MEMBERSHIP_ENDED);
            }
            UUID tenantId = principal.tenantId();
            Optional<Tenant> tenant = tenants.findById(tenantId).filter(Tenant::isActive);
            if (tenant.isEmpty()) {
                return new SessionCheck.Ended(MEMBERSHIP_ENDED);
            }
            return memberships.findAllByUserId(principal.userId()).stream()
                    .filter(m -> m.getTenantId().equals(tenantId))
                    .findFirst()
                    .<SessionCheck>map(m -> new SessionCheck.Valid(new FlowmeterPrincipal(user.getId(), user.getEmail(),
                            user.getDisplayName(), user.isPlatformAdmin(), tenantId, tenant.get().getName(), m.getRole(),
                            user.getCredentialsVersion())))
                    .orElse(new SessionCheck.Ended(MEMBERSHIP_ENDED));
        }));
    }
}
