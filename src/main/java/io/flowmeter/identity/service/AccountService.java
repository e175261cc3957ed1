package io.flowmeter.identity.service;

import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.shared.audit.AuditActor;
import java.util.Map;

import io.flowmeter.identity.domain.Membership;
import io.flowmeter.identity.domain.MembershipRepository;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.domain.User;
import io.flowmeter.identity.domain.UserRepository;
import io.flowmeter.shared.Inputs;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.tenancy.domain.Plan;
import io.flowmeter.tenancy.service.TenantService;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.flowmeter.tenancy.TenantContext;

import java.util.Optional;
import java.util.UUID;

/** Accounts: self-service sign-up and the lookups sign-in needs. */
@Service
public class AccountService {

    private final UserRepository users;
    private final MembershipRepository memberships;
    private final TenantService tenants;
    private final PasswordEncoder passwordEncoder;
    private final TransactionTemplate tx;
    private final Audit audit;

    AccountService(UserRepository users, MembershipRepository memberships, TenantService tenants,
                   PasswordEncoder passwordEncoder, TransactionTemplate tx, Audit audit) {
        this.audit = audit;
        this.users = users;
        this.memberships = memberships;
        this.tenants = tenants;
        this.passwordEncoder = passwordEncoder;
        this.tx = tx;
    }

    /** Creates the organization, the account and its OWNER membership, all or nothing. */
    public User signUp(SignUpForm form) {
        String name = requireDisplayName(form.displayName());
        String email = EmailAddress.require("email", form.email());
        requirePassword(form.password(), email);
        if (emailTaken(email)) {
            throw emailTakenProblem();
        }
        var user = new User(email, name, passwordEncoder.encode(form.password()));
        try {
            tenants.create(form.organizationName(), form.slug(), Plan.FREE, created -> {
                user.rememberTenant(created.getId());
                users.save(user);
                memberships.save(new Membership(user.getId(), Role.OWNER));
                audit.recordAs(AuditActor.user(user.getId(), email), created.getId(), AuditAction.SIGNED_UP, user.getId(), email,
                        Map.of("email", email, "organization", created.getName(), "slug", created.getSlug()));
            });
            return user;
        } catch (DataIntegrityViolationException e) {
            if (String.valueOf(e.getMessage()).contains("users_email_unique")) {
                throw emailTakenProblem();
            }
            throw e;
        }
    }

    /** Creates an account that joins an existing tenant (scope = that tenant) with a role, in one transaction. */
    User createMember(String email, String displayName, String password, Role role) {
        String name = requireDisplayName(displayName);
        requirePassword(password, email);
        if (emailTaken(email)) {
            throw emailTakenProblem();
        }
        return tx.execute(status -> {
            var user = users.save(new User(email, name, passwordEncoder.encode(password)));
            memberships.save(new Membership(user.getId(), role));
            return user;
        });
    }

    /** A platform administrator without a tenant (demo seed, first install). */
    public User createPlatformAdmin(String email, String displayName, String password) {
        String address = EmailAddress.require("email", email);
        return TenantContext.callAsPlatform(() -> tx.execute(status -> {
            var user = new User(address, requireDisplayName(displayName), passwordEncoder.encode(password));
            user.grantPlatformAdmin();
            return users.save(user);
        }));
    }

    /** Works in any scope, inside a transaction too. */
    public boolean emailTaken(String email) {
        return tx.execute(status -> users.idByEmail(User.normalizeEmail(email)).isPresent());
    }

    /** An account by its email, for signing in: a platform-scope lookup, so it must not run inside a transaction. */
    public Optional<User> findByEmail(String email) {
        return TenantContext.callAsPlatform(() -> tx.execute(status -> users.findByEmail(User.normalizeEmail(email))));
    }

    public boolean passwordMatches(User user, String password) {
        return user.getPasswordHash() != null && passwordEncoder.matches(password, user.getPasswordHash());
    }

    static String requireDisplayName(String displayName) {
        return Inputs.requireText("displayName", displayName, 120, "Enter your name");
    }

    static void requirePassword(String password, String email) {
        PasswordPolicy.problem(password, email).ifPresent(problem -> {
            throw new InvalidInputException("password", problem);
        });
    }

    private static InvalidInputException emailTakenProblem() {
        return new InvalidInputException("email", "An account with this email already exists; sign in instead");
    }
}
