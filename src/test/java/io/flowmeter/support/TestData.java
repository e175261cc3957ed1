package io.flowmeter.support;

import io.flowmeter.identity.domain.User;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.identity.service.AccountService;
import io.flowmeter.identity.service.SignUpForm;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;
import java.util.function.Supplier;

/** Creates isolated tenants and signs test threads in, through the product's own services. */
@Component
public class TestData {

    public static final String PASSWORD = "correct-horse-42";

    private final AccountService accounts;
    private final SignInService signIn;
    private final io.flowmeter.identity.service.ApiKeyService apiKeys;
    private final TransactionTemplate tx;

    TestData(AccountService accounts, SignInService signIn, io.flowmeter.identity.service.ApiKeyService apiKeys, TransactionTemplate tx) {
        this.accounts = accounts;
        this.signIn = signIn;
        this.apiKeys = apiKeys;
        this.tx = tx;
    }

    /**
     * Runs {@code work} in a transaction of the current scope (open one with {@code TenantContext} first): outside
     * a transaction, row-level security shows no rows at all.
     */
    public <T> T inTransaction(Supplier<T> work) {
        return tx.execute(status -> work.get());
    }

    /** A new API key of {@code owner}'s tenant, in clear. Leaves the thread signed in as the owner. */
    public String apiKeyFor(Owner owner) {
        signInAs(owner);
        return io.flowmeter.tenancy.TenantContext.callAsTenant(owner.tenantId(), () -> apiKeys.create("test")).plaintext();
    }

    /** A new tenant with a new owner; names are unique per call. */
    public Owner newTenant(String label) {
        String unique = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        User user = accounts.signUp(new SignUpForm("Owner of " + label, unique + "@example.com", PASSWORD,
                "Org " + unique, unique));
        Authentication authentication = signIn.authenticate(user.getId(), null);
        return new Owner(user, (FlowmeterPrincipal) authentication.getPrincipal(), authentication);
    }

    /** Signs the current thread in as {@code owner} (for services guarded by method security). */
    public static void signInAs(Owner owner) {
        signInAs(owner.authentication());
    }

    public static void signInAs(Authentication authentication) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
    }

    /** The authentication {@code person} gets when they pick {@code tenantId} in the tenant switcher. */
    public Authentication signInTo(Owner person, UUID tenantId) {
        return signIn.authenticate(person.user().getId(), tenantId);
    }

    /** {@code owner}'s account as if their role in their tenant were {@code role} (the session a member of that role gets). */
    public static Authentication withRole(Owner owner, io.flowmeter.identity.domain.Role role) {
        var p = owner.principal();
        var principal = new FlowmeterPrincipal(p.userId(), p.email(), p.displayName(), false, p.tenantId(), p.tenantName(), role,
                p.credentialsVersion());
        return org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(principal, null,
                principal.authorities());
    }

    public Authentication platformAdmin() {
        User admin = accounts.findByEmail("admin@flowmeter.local").orElseThrow();
        return signIn.authenticate(admin.getId(), null);
    }

    public record Owner(User user, FlowmeterPrincipal principal, Authentication authentication) {
        public UUID tenantId() {
            return principal.tenantId();
        }
    }
}
