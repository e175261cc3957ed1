package io.flowmeter.admin.service;

import io.flowmeter.database.DatabaseEndpoint;
import io.flowmeter.identity.service.AccountService;
import io.flowmeter.identity.service.ApiKeyService;
import io.flowmeter.identity.service.SignUpForm;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.domain.Tenant;
import io.flowmeter.tenancy.service.TenantService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * First-start seed for trying Flowmeter: a platform admin, a demo tenant and its owner. On by default with
 * the embedded database only ({@code FLOWMETER_DEMO_SEED=true|false} overrides). Credentials are logged
 * once, when created, and listed in the README. {@code FLOWMETER_DEMO_API_KEY} gives the demo tenant an
 * API key with exactly that value, for scripts and benchmarks.
 */
@Component
class DemoSeed implements ApplicationRunner {

    static final String ADMIN_EMAIL = "admin@flowmeter.local";
    static final String ADMIN_PASSWORD = "platform-flowmeter-1";
    static final String DEMO_EMAIL = "demo@flowmeter.local";
    static final String DEMO_PASSWORD = "try-flowmeter-1";
    static final String DEMO_SLUG = "demo";

    private static final Logger log = LoggerFactory.getLogger(DemoSeed.class);

    private final AccountService accounts;
    private final TenantService tenants;
    private final ApiKeyService apiKeys;
    private final boolean enabled;
    private final String apiKey;

    DemoSeed(AccountService accounts, TenantService tenants, ApiKeyService apiKeys, DatabaseEndpoint database,
             @Value("${flowmeter.demo.seed}") String seed, @Value("${flowmeter.demo.api-key}") String apiKey) {
        this.accounts = accounts;
        this.tenants = tenants;
        this.apiKeys = apiKeys;
        this.enabled = seed.isBlank() ? database.isEmbedded() : Boolean.parseBoolean(seed.strip());
        this.apiKey = apiKey.strip();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled) {
            return;
        }
        if (!accounts.emailTaken(ADMIN_EMAIL)) {
            accounts.createPlatformAdmin(ADMIN_EMAIL, "Platform Admin", ADMIN_PASSWORD);
            log.info("Demo seed: platform admin {} / {}", ADMIN_EMAIL, ADMIN_PASSWORD);
        }
        if (!accounts.emailTaken(DEMO_EMAIL) && tenants.findForSignIn(DEMO_SLUG).isEmpty()) {
            accounts.signUp(new SignUpForm("Demo User", DEMO_EMAIL, DEMO_PASSWORD, "Demo Company", DEMO_SLUG));
            log.info("Demo seed: tenant '{}' with owner {} / {}", DEMO_SLUG, DEMO_EMAIL, DEMO_PASSWORD);
        }
        if (!apiKey.isEmpty()) {
            Tenant demo = tenants.findForSignIn(DEMO_SLUG)
                    .orElseThrow(() -> new IllegalStateException("FLOWMETER_DEMO_API_KEY is set but there is no demo tenant"));
            TenantContext.runAsTenant(demo.getId(), () -> apiKeys.ensureKey("Demo API key (FLOWMETER_DEMO_API_KEY)", apiKey));
        }
    }
}
