package io.flowmeter.connection.oauth;

import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.secret.SecretStore;
import io.flowmeter.shared.Inputs;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.tenancy.TenantContext;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The OAuth apps connections sign in with: the platform's, from configuration, and each tenant's own (client id
 * in the database, client secret in the secret store). Turns either into a Spring Security
 * {@link ClientRegistration}, so the protocol itself is Spring Security's.
 */
@Component
public class OAuthClients {

    static final String CALLBACK_PATH = "/connections/oauth/callback";
    private static final String MANAGE = "hasAnyRole('ADMIN', 'API')";

    /** Whose app issued a connection's tokens. */
    public enum Client { PLATFORM, TENANT }

    /** A provider as the hub shows it. */
    public record ProviderInfo(String key, String displayName, List<String> scopes, boolean platformApp,
                               @Nullable String tenantClientId) {
        public boolean connectable() {
            return platformApp || tenantClientId != null;
        }
    }

    private final OAuthProperties properties;
    private final SecretStore secrets;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String redirectBase;
    private final Environment environment;

    private final Audit audit;

    OAuthClients(OAuthProperties properties, SecretStore secrets, JdbcTemplate jdbc, TransactionTemplate tx,
                 @Value("${flowmeter.base-url}") String baseUrl, Environment environment, Audit audit) {
        this.audit = audit;
        this.properties = properties;
        this.secrets = secrets;
        this.jdbc = jdbc;
        this.tx = tx;
        this.environment = environment;
        this.redirectBase = properties.redirectBaseUrl() == null || properties.redirectBaseUrl().isBlank() ? baseUrl : properties.redirectBaseUrl();
        properties.providersOrEmpty().forEach(OAuthClients::check);
    }

    /**
     * The URL providers send people back to; register it with every OAuth app. Resolved on use, so it may refer
     * to {@code ${local.server.port}}.
     */
    public String redirectUri() {
        return environment.resolvePlaceholders(redirectBase).replaceAll("/+$", "") + CALLBACK_PATH;
    }

    public boolean isProvider(String key) {
        return properties.providersOrEmpty().containsKey(key);
    }

    /** Every configured provider, with whether this tenant can connect to it and with which app. */
    public List<ProviderInfo> providers() {
        Map<String, String> tenantApps = tenantApps();
        List<ProviderInfo> result = new ArrayList<>();
        properties.providersOrEmpty().forEach((key, p) -> result.add(new ProviderInfo(key, displayName(key),
                p.scopes() == null ? List.of() : List.copyOf(p.scopes()), notBlank(p.clientId()), tenantApps.get(key))));
        result.sort(Comparator.comparing(ProviderInfo::displayName, String.CASE_INSENSITIVE_ORDER));
        return result;
    }

    public String displayName(String key) {
        OAuthProperties.Provider p = properties.providersOrEmpty().get(key);
        return p == null || p.displayName() == null ? key : p.displayName();
    }

    public Optional<String> testUri(String key) {
        OAuthProperties.Provider p = properties.providersOrEmpty().get(key);
        return p == null || !notBlank(p.testUri()) ? Optional.empty() : Optional.of(p.testUri());
    }

    Optional<String> revocationUri(String key) {
        OAuthProperties.Provider p = properties.providersOrEmpty().get(key);
        return p == null || !notBlank(p.revocationUri()) ? Optional.empty() : Optional.of(p.revocationUri());
    }

    Map<String, String> authorizationParams(String key) {
        OAuthProperties.Provider p = provider(key);
        return p.authorizationParams() == null ? Map.of() : p.authorizationParams();
    }

    /** The app a new connect uses: the tenant's own when it registered one, else the platform's. */
    Client preferredClient(String key) {
        provider(key);
        if (tenantApps().containsKey(key)) {
            return Client.TENANT;
        }
        if (notBlank(provider(key).clientId())) {
            return Client.PLATFORM;
        }
        throw new InvalidInputException("provider", displayName(key) + " has no OAuth app here: ask your platform admin to "
                + "configure one, or add your organization's own app");
    }

    /** The registration for one app of the current tenant; fails when that app is gone. */
    ClientRegistration registration(String key, Client client) {
        OAuthProperties.Provider p = provider(key);
        String clientId;
        String clientSecret;
        if (client == Client.PLATFORM) {
            if (!notBlank(p.clientId())) {
                throw new InvalidInputException("provider", "The platform's OAuth app for " + displayName(key) + " is no longer configured");
            }
            clientId = p.clientId();
            clientSecret = p.clientSecret() == null ? "" : p.clientSecret();
        } else {
            clientId = tenantApps().get(key);
            var secret = secrets.get(TenantContext.requireTenant(), secretName(key));
            if (clientId == null || secret.isEmpty()) {
                throw new InvalidInputException("provider", "Your organization's OAuth app for " + displayName(key) + " was removed");
            }
            clientSecret = secret.get().values().getOrDefault("clientSecret", "");
        }
        return ClientRegistration.withRegistrationId(key)
                .clientId(clientId)
                .clientSecret(clientSecret)
                .clientAuthenticationMethod("post".equalsIgnoreCase(p.clientAuthentication())
                        ? ClientAuthenticationMethod.CLIENT_SECRET_POST : ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(redirectUri())
                .scope(p.scopes() == null ? List.of() : p.scopes())
                .authorizationUri(p.authorizationUri())
                .tokenUri(p.tokenUri())
                .clientName(displayName(key))
                .build();
    }

    /** Registers (or replaces) this tenant's own OAuth app for a provider. */
    @PreAuthorize(MANAGE)
    public void saveTenantApp(String key, String clientId, String clientSecret) {
        provider(key);
        String id = Inputs.requireText("clientId", clientId, 300, "Enter the OAuth app's client ID");
        String secret = Inputs.requireText("clientSecret", clientSecret, 2_000, "Enter the OAuth app's client secret");
        UUID tenant = TenantContext.requireTenant();
        secrets.put(tenant, secretName(key), Map.of("clientSecret", secret));
        tx.executeWithoutResult(status -> {
            String before = jdbc.query("select client_id from oauth_apps where provider = ?", (rs, i) -> rs.getString(1), key)
                    .stream().findFirst().orElse(null);
            jdbc.update("""
                    insert into oauth_apps (tenant_id, provider, client_id) values (?, ?, ?)
                    on conflict (tenant_id, provider) do update set client_id = excluded.client_id, created_at = now()
                    """, tenant, key, id);
            // the client secret went to the secret store; the log keeps which app, never its secret
            audit.record(AuditAction.OAUTH_APP_CHANGED, key, displayName(key), before == null ? null : Map.of("clientId", before),
                    Map.of("clientId", id, "clientSecret", "replaced"));
        });
    }

    /** Removes this tenant's own app; its connections stop refreshing until reconnected with another app. */
    @PreAuthorize(MANAGE)
    public void deleteTenantApp(String key) {
        UUID tenant = TenantContext.requireTenant();
        int deleted = tx.execute(status -> {
            String before = jdbc.query("select client_id from oauth_apps where provider = ?", (rs, i) -> rs.getString(1), key)
                    .stream().findFirst().orElse(null);
            int gone = jdbc.update("delete from oauth_apps where provider = ?", key);
            if (gone > 0) {
                audit.record(AuditAction.OAUTH_APP_CHANGED, key, displayName(key), Map.of("clientId", String.valueOf(before)), null);
            }
            return gone;
        });
        if (deleted == 0) {
            throw new NotFoundException("Your organization has no own OAuth app for " + displayName(key));
        }
        secrets.delete(tenant, secretName(key));
    }

    private Map<String, String> tenantApps() {
        Map<String, String> apps = new java.util.HashMap<>();
        tx.executeWithoutResult(status -> jdbc.query("select provider, client_id from oauth_apps",
                rs -> {
                    apps.put(rs.getString(1), rs.getString(2));
                }));
        return apps;
    }

    private OAuthProperties.Provider provider(String key) {
        OAuthProperties.Provider p = key == null ? null : properties.providersOrEmpty().get(key);
        if (p == null) {
            throw new InvalidInputException("provider", "Unknown OAuth provider '" + key + "'");
        }
        return p;
    }

    private static String secretName(String key) {
        return "oauth-app." + key;
    }

    private static boolean notBlank(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    private static void check(String key, OAuthProperties.Provider p) {
        for (String uri : new String[]{p.authorizationUri(), p.tokenUri()}) {
            if (uri == null || !(uri.startsWith("https://") || uri.startsWith("http://"))) {
                throw new IllegalStateException("flowmeter.oauth.providers." + key
                        + " needs authorization-uri and token-uri (http:// or https:// URLs)");
            }
            URI.create(uri);
        }
    }
}
