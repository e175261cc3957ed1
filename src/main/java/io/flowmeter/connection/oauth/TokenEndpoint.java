package io.flowmeter.connection.oauth;

import org.jspecify.annotations.Nullable;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Calls providers' token endpoints through Spring Security's token response clients (code exchange with the
 * PKCE verifier, refresh), with timeouts, and turns what comes back into the values a connection stores.
 */
@Component
class TokenEndpoint {

    /** The token endpoint refused or could not be reached. */
    static final class TokenException extends Exception {
        private final String code;
        private final boolean transientFailure;

        TokenException(String code, String message, boolean transientFailure) {
            super(message);
            this.code = code;
            this.transientFailure = transientFailure;
        }

        /** The OAuth2 error code ({@code invalid_grant}, {@code invalid_client}, ...), or {@code unreachable}. */
        String code() {
            return code;
        }

        /** Worth trying again later (network, 5xx); the rest will not change by waiting. */
        boolean transientFailure() {
            return transientFailure;
        }
    }

    /** What a token response grants. */
    record Tokens(String accessToken, @Nullable String refreshToken, @Nullable Instant expiresAt, Set<String> scopes) {

        Map<String, String> values() {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("accessToken", accessToken);
            if (refreshToken != null) {
                values.put("refreshToken", refreshToken);
            }
            if (expiresAt != null) {
                values.put("expiresAt", expiresAt.toString());
            }
            return values;
        }

        static Tokens from(Map<String, String> values) {
            String expires = values.get("expiresAt");
            return new Tokens(values.getOrDefault("accessToken", ""), values.get("refreshToken"),
                    expires == null ? null : Instant.parse(expires), Set.of());
        }
    }

    private final RestClientAuthorizationCodeTokenResponseClient codes = new RestClientAuthorizationCodeTokenResponseClient();
    private final RestClientRefreshTokenTokenResponseClient refreshes = new RestClientRefreshTokenTokenResponseClient();

    TokenEndpoint(OAuthProperties properties) {
        var factory = new SimpleClientHttpRequestFactory();
        Duration timeout = properties.tokenTimeoutOrDefault();
        factory.setConnectTimeout(timeout);
        factory.setReadTimeout(timeout);
        RestClient rest = RestClient.builder()
                .requestFactory(factory)
                .messageConverters(converters -> {
                    converters.clear();
                    converters.add(new FormHttpMessageConverter());
                    var tokens = new OAuth2AccessTokenResponseHttpMessageConverter();
                    tokens.setAccessTokenResponseConverter(TokenEndpoint::lenient);
                    converters.add(tokens);
                })
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
        codes.setRestClient(rest);
        refreshes.setRestClient(rest);
    }

    /**
     * Reads a token response the way real providers write them: Slack answers errors with HTTP 200 and
     * {@code "ok": false}, and its tokens have {@code token_type: "bot"} or {@code "user"}; both are bearer tokens.
     */
    static OAuth2AccessTokenResponse lenient(Map<String, Object> parameters) {
        if (Boolean.FALSE.equals(parameters.get("ok")) || (parameters.get("access_token") == null && parameters.get("error") != null)) {
            String error = String.valueOf(parameters.getOrDefault("error", "invalid_request"));
            throw new ProviderRefused(new org.springframework.security.oauth2.core.OAuth2Error(error));
        }
        Map<String, Object> normalized = new java.util.HashMap<>(parameters);
        Object type = normalized.get("token_type");
        if (type == null || !"bearer".equalsIgnoreCase(type.toString())) {
            normalized.put("token_type", "Bearer");
        }
        return DEFAULT.convert(normalized);
    }

    private static final org.springframework.security.oauth2.core.endpoint.DefaultMapOAuth2AccessTokenResponseConverter DEFAULT =
            new org.springframework.security.oauth2.core.endpoint.DefaultMapOAuth2AccessTokenResponseConverter();

    /** An error the provider sent inside a 200 answer. */
    static final class ProviderRefused extends OAuth2AuthorizationException {
        ProviderRefused(org.springframework.security.oauth2.core.OAuth2Error error) {
            super(error);
        }
    }

    Tokens exchange(ClientRegistration registration, OAuth2AuthorizationRequest request, String code) throws TokenException {
        var response = OAuth2AuthorizationResponse.success(code).redirectUri(request.getRedirectUri()).state(request.getState()).build();
        Tokens tokens = call(() -> codes.getTokenResponse(new OAuth2AuthorizationCodeGrantRequest(registration,
                new OAuth2AuthorizationExchange(request, response))), null);
        // RFC 6749 §5.1: an answer without "scope" grants exactly the scopes that were requested
        return tokens.scopes().isEmpty() && !request.getScopes().isEmpty()
                ? new Tokens(tokens.accessToken(), tokens.refreshToken(), tokens.expiresAt(), Set.copyOf(request.getScopes()))
                : tokens;
    }

    Tokens refresh(ClientRegistration registration, Tokens current) throws TokenException {
        if (current.refreshToken() == null) {
            throw new TokenException("invalid_grant", "the provider gave no refresh token, so an expired token cannot be renewed", false);
        }
        Instant now = Instant.now();
        var accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, current.accessToken(), now.minusSeconds(1), null);
        var grant = new OAuth2RefreshTokenGrantRequest(registration, accessToken, new OAuth2RefreshToken(current.refreshToken(), null));
        return call(() -> refreshes.getTokenResponse(grant), current.refreshToken());
    }

    private interface Call {
        OAuth2AccessTokenResponse get();
    }

    private static Tokens call(Call call, @Nullable String previousRefreshToken) throws TokenException {
        OAuth2AccessTokenResponse response;
        try {
            response = call.get();
        } catch (OAuth2AuthorizationException e) {
            String code = e.getError().getErrorCode();
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof ProviderRefused refused) {
                    return fail(refused.getError().getErrorCode(), refused.getError().getErrorCode(), false);
                }
            }
            if ("invalid_token_response".equals(code)) {
                // no OAuth2 error body: a network failure, a 5xx, or a 401/403 (e.g. a wrong client secret)
                if (e.getCause() instanceof HttpClientErrorException clientError) {
                    return fail("invalid_client", "the token endpoint answered HTTP " + clientError.getStatusCode().value()
                            + " (check the OAuth app's client ID and secret)", false);
                }
                return fail("unreachable", "the token endpoint could not be reached or failed: "
                        + (e.getCause() == null ? e.getMessage() : e.getCause().getClass().getSimpleName()), true);
            }
            String description = e.getError().getDescription();
            return fail(code, code + (description == null || description.isBlank() ? "" : ": " + description), false);
        }
        OAuth2AccessToken token = response.getAccessToken();
        Instant expiresAt = token.getExpiresAt();
        // Spring reads a missing expires_in as "one second"; providers that omit it issue tokens that do not expire
        if (expiresAt != null && token.getIssuedAt() != null && !expiresAt.isAfter(token.getIssuedAt().plusSeconds(1))) {
            expiresAt = null;
        }
        // a provider that does not rotate refresh tokens leaves the old one valid
        String refresh = response.getRefreshToken() == null ? previousRefreshToken : response.getRefreshToken().getTokenValue();
        return new Tokens(token.getTokenValue(), refresh, expiresAt, token.getScopes());
    }

    private static Tokens fail(String code, String message, boolean transientFailure) throws TokenException {
        throw new TokenException(code, message, transientFailure);
    }
}
