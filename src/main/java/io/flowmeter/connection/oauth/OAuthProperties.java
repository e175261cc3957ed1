package io.flowmeter.connection.oauth;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * OAuth2 providers that connections can sign in to ({@code flowmeter.oauth.providers.<key>}), and the timings
 * of the connect flow. A provider's key is the connector key its connections belong to (e.g. {@code github}).
 *
 * @param stateTtl     how long a started connect may take before the person returns
 * @param refreshSkew  tokens expiring within this are refreshed before a step uses them
 * @param tokenTimeout connect and read timeout of calls to a provider's token endpoint
 */
@ConfigurationProperties("flowmeter.oauth")
public record OAuthProperties(@Nullable Duration stateTtl, @Nullable Duration refreshSkew, @Nullable Duration tokenTimeout,
                              @Nullable String redirectBaseUrl, @Nullable Map<String, Provider> providers) {

    public Duration stateTtlOrDefault() {
        return stateTtl == null ? Duration.ofMinutes(10) : stateTtl;
    }

    public Duration refreshSkewOrDefault() {
        return refreshSkew == null ? Duration.ofSeconds(60) : refreshSkew;
    }

    public Duration tokenTimeoutOrDefault() {
        return tokenTimeout == null ? Duration.ofSeconds(10) : tokenTimeout;
    }

    public Map<String, Provider> providersOrEmpty() {
        return providers == null ? Map.of() : providers;
    }

    /**
     * One provider. {@code clientId}/{@code clientSecret} are the platform's own OAuth app; when empty, only
     * tenants that register their own app can connect.
     *
     * @param clientAuthentication {@code basic} (client_secret_basic, the default) or {@code post}
     * @param testUri              a URL that answers 2xx to a valid access token (GET), used by "Test"
     * @param revocationUri        the provider's RFC 7009 token revocation endpoint, used by "Revoke" (optional)
     * @param authorizationParams  extra parameters of the authorization request (e.g. Google's access_type=offline)
     */
    public record Provider(@Nullable String displayName, @Nullable String authorizationUri, @Nullable String tokenUri,
                           @Nullable List<String> scopes, @Nullable String clientId, @Nullable String clientSecret,
                           @Nullable String clientAuthentication, @Nullable String testUri, @Nullable String revocationUri,
                           @Nullable Map<String, String> authorizationParams) {
    }
}
