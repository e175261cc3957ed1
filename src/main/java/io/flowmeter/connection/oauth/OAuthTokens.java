package io.flowmeter.connection.oauth;

import io.flowmeter.connection.domain.ConnectionStatus;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.secret.SecretStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps OAuth2 connections' access tokens fresh. A token about to expire is refreshed before a step uses it,
 * and once more when a service answers 401. Refreshing is single-flight per connection: one thread per JVM (a
 * striped lock) and one node at a time (a PostgreSQL advisory lock) talks to the token endpoint; the others
 * wait and then use what it stored, so a rotated refresh token is never spent twice.
 */
@Component
public class OAuthTokens {

    private static final Logger log = LoggerFactory.getLogger(OAuthTokens.class);
    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final SecretStore secrets;
    private final OAuthClients clients;
    private final TokenEndpoint tokenEndpoint;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Duration skew;
    private final Duration timeout;
    private final java.net.http.HttpClient http;

    /** Refreshes that failed (refused: the connection needs reconnecting; or the provider unreachable). */
    private final io.micrometer.core.instrument.Counter refreshFailures;

    OAuthTokens(SecretStore secrets, OAuthClients clients, TokenEndpoint tokenEndpoint, DataSource dataSource,
                JdbcTemplate jdbc, TransactionTemplate tx, OAuthProperties properties, io.micrometer.core.instrument.MeterRegistry registry) {
        this.refreshFailures = io.micrometer.core.instrument.Counter.builder("flowmeter.oauth.refresh.failures")
                .description("OAuth token refreshes that failed (refused, or the provider unreachable)").register(registry);
        this.secrets = secrets;
        this.clients = clients;
        this.tokenEndpoint = tokenEndpoint;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.tx = tx;
        this.skew = properties.refreshSkewOrDefault();
        this.timeout = properties.tokenTimeoutOrDefault();
        this.http = java.net.http.HttpClient.newBuilder().connectTimeout(timeout).build();
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** What one connection is, for refreshing: its id, display name, provider and whose app issued it. */
    public record Target(UUID tenantId, UUID connectionId, String name, String provider, @Nullable String client) {
    }

    /** The access token to use now: the stored one, or a refreshed one when it expires within the skew. */
    public String accessToken(Target target, Map<String, String> stored) throws ActionException {
        TokenEndpoint.Tokens tokens = TokenEndpoint.Tokens.from(stored);
        if (tokens.expiresAt() == null || tokens.expiresAt().isAfter(Instant.now().plus(skew))) {
            return tokens.accessToken();
        }
        return refresh(target, tokens.accessToken());
    }

    /**
     * Refreshes unless another thread or node already replaced {@code staleAccessToken}; returns the access token
     * to use. A refused refresh ({@code invalid_grant}) marks the connection "needs reconnect" and fails
     * permanently; an unreachable token endpoint fails retryably and changes nothing.
     */
    public String refresh(Target target, String staleAccessToken) throws ActionException {
        try {
            return locked(target, () -> refreshLocked(target, staleAccessToken));
        } catch (ActionException failed) {
            refreshFailures.increment();
            throw failed;
        }
    }

    /**
     * Revokes the connection's tokens at the provider (RFC 7009: the refresh token, which takes the access tokens
     * with it at most providers, else the access token), when the provider has a revocation endpoint. Says what
     * happened; never throws for the provider's answer, since the caller deletes the tokens either way.
     */
    public String revokeAtProvider(Target target, Map<String, String> stored) {
        var endpoint = clients.revocationUri(target.provider());
        if (endpoint.isEmpty()) {
            return clients.displayName(target.provider()) + " offers no token revocation here; revoke access in your account there too";
        }
        try {
            return locked(target, () -> {
                var registration = clients.registration(target.provider(),
                        target.client() == null ? OAuthClients.Client.PLATFORM : OAuthClients.Client.valueOf(target.client()));
                boolean refresh = stored.get("refreshToken") != null;
                String form = "token=" + encode(refresh ? stored.get("refreshToken") : stored.getOrDefault("accessToken", ""))
                        + "&token_type_hint=" + (refresh ? "refresh_token" : "access_token");
                var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint.get()))
                        .timeout(timeout).header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
                if (registration.getClientAuthenticationMethod().equals(
                        org.springframework.security.oauth2.core.ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
                    form += "&client_id=" + encode(registration.getClientId()) + "&client_secret=" + encode(registration.getClientSecret());
                } else {
                    request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (encode(registration.getClientId()) + ":" + encode(registration.getClientSecret())).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
                int status;
                try {
                    status = http.send(request.POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException e) {
                    return "Could not reach " + clients.displayName(target.provider()) + " to revoke access (" + e.getClass().getSimpleName()
                            + "); revoke it in your account there too";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "Interrupted while revoking access";
                }
                return status / 100 == 2 ? "Access revoked at " + clients.displayName(target.provider())
                        : clients.displayName(target.provider()) + " answered HTTP " + status + " to the revocation; revoke access in your account there too";
            });
        } catch (ActionException | RuntimeException e) {
            return "Access could not be revoked at " + clients.displayName(target.provider()) + ": " + e.getMessage();
        }
    }

    private interface LockedWork<T> {
        T run() throws ActionException;
    }

    private <T> T locked(Target target, LockedWork<T> work) throws ActionException {
        ReentrantLock lock = locks[Math.floorMod(target.connectionId().hashCode(), STRIPES)];
        lock.lock();
        try (Connection db = dataSource.getConnection()) {
            long key = target.connectionId().getMostSignificantBits() ^ target.connectionId().getLeastSignificantBits();
            advisory(db, "select pg_advisory_lock(?)", key);
            try {
                return work.run();
            } finally {
                advisory(db, "select pg_advisory_unlock(?)", key);
            }
        } catch (SQLException e) {
            throw ActionException.retryable("Could not lock connection '" + target.name() + "' for its tokens", null, e);
        } finally {
            lock.unlock();
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private String refreshLocked(Target target, String staleAccessToken) throws ActionException {
        var stored = secrets.get(target.tenantId(), target.connectionId().toString())
                .orElseThrow(() -> ActionException.permanent("Connection '" + target.name() + "' has no stored tokens; reconnect it"));
        TokenEndpoint.Tokens current = TokenEndpoint.Tokens.from(stored.values());
        if (!current.accessToken().equals(staleAccessToken)
                && (current.expiresAt() == null || current.expiresAt().isAfter(Instant.now().plus(skew)))) {
            return current.accessToken(); // someone refreshed while we waited
        }
        TokenEndpoint.Tokens fresh;
        try {
            var registration = clients.registration(target.provider(),
                    target.client() == null ? OAuthClients.Client.PLATFORM : OAuthClients.Client.valueOf(target.client()));
            fresh = tokenEndpoint.refresh(registration, current);
        } catch (io.flowmeter.shared.InvalidInputException e) {
            markUnusable(target, ConnectionStatus.ERROR, e.getMessage());
            throw ActionException.permanent("Connection '" + target.name() + "' cannot refresh its token: " + e.getMessage());
        } catch (TokenEndpoint.TokenException e) {
            if (e.transientFailure()) {
                log.info("Token refresh of connection {} failed for now: {}", target.connectionId(), e.getMessage());
                throw ActionException.retryable("Could not refresh the token of connection '" + target.name() + "': " + e.getMessage(), null, null);
            }
            boolean reconnect = "invalid_grant".equals(e.code());
            String message = reconnect
                    ? "The provider refused to renew access (" + e.getMessage() + "); reconnect it in Connections"
                    : "Token refresh failed: " + e.getMessage();
            markUnusable(target, reconnect ? ConnectionStatus.NEEDS_RECONNECT : ConnectionStatus.ERROR, message);
            log.info("Token refresh of connection {} refused: {}", target.connectionId(), e.code());
            throw ActionException.permanent("Connection '" + target.name() + "' needs attention: " + message);
        }
        secrets.put(target.tenantId(), target.connectionId().toString(), fresh.values());
        String scopes = fresh.scopes().isEmpty() ? null : String.join(" ", new java.util.TreeSet<>(fresh.scopes()));
        io.flowmeter.tenancy.TenantContext.runAsTenant(target.tenantId(), () -> tx.executeWithoutResult(status -> jdbc.update(
                "update connections set expires_at = ?, scopes = coalesce(?, scopes) where id = ?",
                fresh.expiresAt() == null ? null : Timestamp.from(fresh.expiresAt()), scopes, target.connectionId())));
        log.info("Token refresh of connection {} done; the new token expires at {}", target.connectionId(),
                fresh.expiresAt() == null ? "no stated time" : fresh.expiresAt());
        return fresh.accessToken();
    }

    private void markUnusable(Target target, ConnectionStatus status, String message) {
        io.flowmeter.tenancy.TenantContext.runAsTenant(target.tenantId(), () -> tx.executeWithoutResult(s -> jdbc.update(
                "update connections set status = ?, status_message = ? where id = ?",
                status.name(), message.length() > 500 ? message.substring(0, 500) : message, target.connectionId())));
    }

    private static void advisory(Connection db, String sql, long key) throws SQLException {
        try (var statement = db.prepareStatement(sql)) {
            statement.setLong(1, key);
            statement.execute();
        }
    }
}
