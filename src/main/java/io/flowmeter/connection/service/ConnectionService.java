package io.flowmeter.connection.service;

import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.connection.Connections;
import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.domain.Connection;
import io.flowmeter.connection.domain.ConnectionRepository;
import io.flowmeter.connection.domain.ConnectionStatus;
import io.flowmeter.connection.oauth.OAuthClients;
import io.flowmeter.connection.oauth.OAuthTokens;
import io.flowmeter.connector.http.Egress;
import io.flowmeter.connector.http.HttpConnector;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.secret.SecretStore;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.Inputs;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.service.TenantService;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The current tenant's connections. Secret values go to the secret store only, keyed by the connection id; no
 * method here returns them except {@link #credentials}, which the engine calls for the step about to run.
 */
@Service
public class ConnectionService implements Connections, io.flowmeter.connection.ConnectionHealth {

    private static final String MANAGE = "hasAnyRole('ADMIN', 'API')";
    private static final String READ = "hasAnyRole('VIEWER', 'API')";
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    /** A workflow that refers to a connection. */
    public record Usage(UUID workflowId, String workflowName) {
    }

    private final ConnectionRepository connections;
    private final SecretStore secrets;
    private final ConnectorRegistry connectors;
    private final TenantService tenants;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final OAuthTokens tokens;
    private final OAuthClients oauthClients;
    private final ConnectionRateLimiter limiter;
    private final Audit audit;

    ConnectionService(ConnectionRepository connections, SecretStore secrets, ConnectorRegistry connectors, TenantService tenants,
                      JdbcTemplate jdbc, TransactionTemplate tx, OAuthTokens tokens, OAuthClients oauthClients,
                      ConnectionRateLimiter limiter, Audit audit) {
        this.audit = audit;
        this.limiter = limiter;
        this.tokens = tokens;
        this.oauthClients = oauthClients;
        this.connections = connections;
        this.secrets = secrets;
        this.connectors = connectors;
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A connection authenticated by values the user enters (API key, basic, bearer token, custom header). */
    @PreAuthorize(MANAGE)
    public Connection create(String connector, String name, AuthKind kind, Map<String, String> values) {
        return create(connector, name, kind, values, null);
    }

    /** As above, with a URL that answers 2xx to these credentials, for "Test". */
    @PreAuthorize(MANAGE)
    public Connection create(String connector, String name, AuthKind kind, Map<String, String> values, @Nullable String testUrl) {
        String cleanName = Inputs.requireText("name", name, 120, "Name the connection, e.g. \"Billing API\"");
        String cleanTestUrl = testUrl(testUrl);
        if (connector == null || connectors.all().stream().noneMatch(c -> c.key().equals(connector))) {
            throw new InvalidInputException("connector", "Unknown connector '" + connector + "'");
        }
        if (kind == null || kind == AuthKind.OAUTH2) {
            throw new InvalidInputException("authKind", "Choose API_KEY, BASIC, BEARER, HEADER, SIGNING_SECRET or SMTP; OAuth2 connections are made by signing in");
        }
        Map<String, String> clean = cleanValues(kind, values);
        int limit = tenants.current().getPlan().maxConnections();
        UUID tenantId = TenantContext.requireTenant();
        UUID actor = CurrentUser.get().map(FlowmeterPrincipal::userId).orElse(null);
        Connection saved = tx.execute(status -> {
            if (connections.count() >= limit) {
                throw new ConflictException("Your plan allows " + limit + " connections; delete one first");
            }
            var connection = new Connection(connector, cleanName, kind, actor);
            connection.setTestUrl(cleanTestUrl);
            Connection stored = connections.save(connection);
            audit.record(AuditAction.CONNECTION_CREATED, stored.getId(), cleanName, null, describe(stored));
            return stored;
        });
        try {
            secrets.put(tenantId, saved.getId().toString(), clean);
        } catch (RuntimeException e) {
            undoCreate(saved);
            throw e;
        }
        return saved;
    }

    /**
     * Removes a connection whose secret could not be stored (no half-made connection is left); the log says so, as
     * its creation was recorded.
     */
    public void undoCreate(Connection created) {
        tx.executeWithoutResult(status -> {
            connections.deleteById(created.getId());
            audit.record(AuditAction.CONNECTION_DELETED, created.getId(), created.getName(), describe(created),
                    Map.of("reason", "the secret store refused its credentials"));
        });
    }

    /** What the audit log keeps of a connection: never its credentials, which live in the secret store. */
    public static Map<String, Object> describe(Connection connection) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("name", connection.getName());
        described.put("connector", connection.getConnector());
        described.put("authKind", connection.getAuthKind().name());
        described.put("status", connection.getStatus().name());
        return described;
    }

    private static Map<String, String> cleanValues(AuthKind kind, @Nullable Map<String, String> values) {
        Map<String, String> clean = new LinkedHashMap<>();
        for (String field : kind.fields()) {
            String value = values == null ? null : values.get(field);
            if (value == null || value.isBlank()) {
                throw new InvalidInputException("values." + field, "'" + field + "' is required for " + kind);
            }
            if (value.length() > 10_000) {
                throw new InvalidInputException("values." + field, "'" + field + "' is too long");
            }
            if (value.strip().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidInputException("values." + field, "'" + field + "' contains control characters (a pasted line break?)");
            }
            clean.put(field, value.strip());
        }
        if (clean.containsKey("headerName") && !clean.get("headerName").matches("[A-Za-z0-9-]{1,100}")) {
            throw new InvalidInputException("values.headerName", "A header name has letters, digits and '-'");
        }
        if (kind == AuthKind.SMTP) {
            if (!clean.get("port").matches("\\d{1,5}") || Integer.parseInt(clean.get("port")) > 65_535) {
                throw new InvalidInputException("values.port", "The port is a number such as 587");
            }
            if (!List.of("starttls", "tls", "none").contains(clean.get("security").toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidInputException("values.security", "Security is starttls, tls or none");
            }
        }
        return clean;
    }

    /**
     * Replaces the entered credentials of a connection (a rotated API key, a new password) as a new secret version;
     * the connection is usable again. OAuth2 connections are reconnected instead.
     */
    @PreAuthorize(MANAGE)
    public Connection replaceCredentials(UUID id, @Nullable Map<String, String> values) {
        Connection connection = get(id);
        if (connection.getAuthKind() == AuthKind.OAUTH2) {
            throw new InvalidInputException("authKind", "An OAuth2 connection gets new tokens by reconnecting");
        }
        Map<String, String> clean = cleanValues(connection.getAuthKind(), values);
        secrets.put(TenantContext.requireTenant(), id.toString(), clean);
        return tx.execute(status -> {
            Connection c = connections.findById(id).orElseThrow(() -> new NotFoundException("Connection not found"));
            Map<String, Object> before = describe(c);
            c.credentialsReplaced();
            audit.record(AuditAction.CONNECTION_SECRET_REPLACED, id, c.getName(), before, describe(c));
            return c;
        });
    }

    /**
     * Revokes a connection: OAuth2 tokens are revoked at the provider when it offers revocation (RFC 7009), and the
     * stored secret is deleted either way. The connection stays, marked revoked, so its workflows fail clearly
     * until it is reconnected (or its credentials replaced) or deleted.
     */
    @PreAuthorize(MANAGE)
    public TestResult revoke(UUID id) {
        Connection connection = get(id);
        UUID tenantId = TenantContext.requireTenant();
        String outcome = "The stored credentials were deleted";
        if (connection.getAuthKind() == AuthKind.OAUTH2) {
            var stored = secrets.get(tenantId, id.toString());
            if (stored.isPresent()) {
                outcome = tokens.revokeAtProvider(target(connection), stored.get().values()) + "; " + outcome.toLowerCase();
            }
        }
        secrets.delete(tenantId, id.toString());
        String actor = CurrentUser.get().map(FlowmeterPrincipal::displayName).orElse("an API key");
        String message = "Revoked by " + actor;
        tx.executeWithoutResult(status -> connections.findById(id).ifPresent(c -> {
            Map<String, Object> before = describe(c);
            c.revoked(message);
            audit.record(AuditAction.CONNECTION_REVOKED, id, c.getName(), before, describe(c));
        }));
        return new TestResult(true, outcome);
    }

    private static @Nullable String testUrl(@Nullable String testUrl) {
        if (testUrl == null || testUrl.isBlank()) {
            return null;
        }
        String url = testUrl.strip();
        try {
            URI uri = URI.create(url);
            if (url.length() <= 500 && uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidInputException("testUrl", "The test URL must be an http:// or https:// URL of at most 500 characters");
    }

    /** Changes the test URL of a connection with entered credentials (null removes it). */
    @PreAuthorize(MANAGE)
    public Connection setTestUrl(UUID id, @Nullable String testUrl) {
        String clean = testUrl(testUrl);
        return tx.execute(status -> {
            Connection connection = connections.findById(id).orElseThrow(() -> new NotFoundException("Connection not found"));
            connection.setTestUrl(clean);
            return connection;
        });
    }

    @PreAuthorize(READ)
    public List<Connection> list() {
        return tx.execute(status -> connections.findAllByOrderByNameAsc());
    }

    @Override
    @PreAuthorize(READ)
    public List<Problem> needingAttention() {
        return list().stream().filter(c -> c.getStatus() != io.flowmeter.connection.domain.ConnectionStatus.CONNECTED)
                .map(c -> new Problem(c.getId(), c.getName(), c.getConnector(), c.getStatus().name(), c.getStatusMessage())).toList();
    }

    @PreAuthorize(READ)
    public Connection get(UUID id) {
        return tx.execute(status -> connections.findById(id)).orElseThrow(() -> new NotFoundException("Connection not found"));
    }

    @PreAuthorize(MANAGE)
    public Connection rename(UUID id, String name) {
        String cleanName = Inputs.requireText("name", name, 120, "Name the connection");
        return tx.execute(status -> {
            Connection connection = connections.findById(id).orElseThrow(() -> new NotFoundException("Connection not found"));
            connection.rename(cleanName);
            return connection;
        });
    }

    /** The workflows whose draft refers to the connection. */
    @PreAuthorize(READ)
    public List<Usage> usage(UUID id) {
        get(id);
        return tx.execute(status -> jdbc.query("""
                select id, name from workflows
                where jsonb_path_exists(draft, '$.nodes[*] ? (@.connection == $id)', jsonb_build_object('id', ?::text))
                order by lower(name)
                """, (rs, i) -> new Usage(rs.getObject(1, UUID.class), rs.getString(2)), id.toString()));
    }

    /** Deletes the connection and its secrets; refused while workflows use it, unless {@code force}. */
    @PreAuthorize(MANAGE)
    public void delete(UUID id, boolean force) {
        List<Usage> users = usage(id);
        if (!users.isEmpty() && !force) {
            throw new ConflictException("Used by " + users.size() + " workflow(s): "
                    + String.join(", ", users.stream().map(Usage::workflowName).toList()) + "; remove it there first or delete anyway");
        }
        UUID tenantId = TenantContext.requireTenant();
        tx.executeWithoutResult(status -> connections.findById(id).ifPresent(connection -> {
            audit.record(AuditAction.CONNECTION_DELETED, id, connection.getName(), describe(connection),
                    users.isEmpty() ? null : Map.of("usedBy", users.stream().map(Usage::workflowName).toList()));
            connections.delete(connection);
        }));
        secrets.delete(tenantId, id.toString());
    }

    @Override
    public boolean exists(UUID connectionId) {
        return Boolean.TRUE.equals(tx.execute(status -> connections.existsById(connectionId)));
    }

    @Override
    public Optional<Credentials> credentials(UUID connectionId) throws ActionException {
        UUID tenantId = TenantContext.requireTenant();
        Optional<Connection> found = tx.execute(status -> {
            Optional<Connection> connection = connections.findById(connectionId);
            connection.filter(c -> c.getStatus() == ConnectionStatus.CONNECTED).ifPresent(c -> {
                Instant now = Instant.now();
                connections.touch(c.getId(), now, now.minus(TOUCH_INTERVAL));
            });
            return connection;
        });
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Connection connection = found.get();
        if (connection.getStatus() != ConnectionStatus.CONNECTED) {
            throw ActionException.permanent("Connection '" + connection.getName() + "' is not usable ("
                    + connection.getStatus().name().toLowerCase().replace('_', ' ') + ")"
                    + (connection.getStatusMessage() == null ? "" : ": " + connection.getStatusMessage())
                    // a refused refresh already says what to do
                    + (connection.getStatusMessage() != null && connection.getStatusMessage().contains("reconnect it") ? "" : "; reconnect it in Connections"));
        }
        var secret = secrets.get(tenantId, connection.getId().toString())
                .orElseThrow(() -> ActionException.permanent("Connection '" + connection.getName() + "' has no stored credentials; reconnect it"));
        if (connection.getAuthKind() != AuthKind.OAUTH2) {
            return Optional.of(new Credentials(connection.getName(), secret.values(), false));
        }
        String token = tokens.accessToken(target(connection), secret.values());
        return Optional.of(new Credentials(connection.getName(), Map.of("accessToken", token), true));
    }

    /** Sets the calls per minute shared by every workflow using the connection; null removes the limit. */
    @PreAuthorize(MANAGE)
    public Connection setRateLimit(UUID id, @Nullable Integer perMinute) {
        if (perMinute != null && (perMinute < 1 || perMinute > 100_000)) {
            throw new InvalidInputException("rateLimitPerMinute", "Between 1 and 100000 calls per minute, or none");
        }
        return tx.execute(status -> {
            Connection connection = connections.findById(id).orElseThrow(() -> new NotFoundException("Connection not found"));
            connection.setRateLimitPerMinute(perMinute);
            limits.invalidate(id);
            return connection;
        });
    }

    /** Limits are read for every step that uses a connection: kept 2 s per node (changing one here clears it). */
    private final com.github.benmanes.caffeine.cache.Cache<UUID, Optional<Integer>> limits =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(2)).build();

    private Optional<Integer> limitOf(UUID connectionId) {
        return limits.get(connectionId, id -> Optional.ofNullable(tx.execute(status -> connections.findById(id)
                .map(Connection::getRateLimitPerMinute).orElse(null))));
    }

    @Override
    public Optional<Duration> throttle(UUID connectionId) {
        return limitOf(connectionId).flatMap(perMinute -> limiter.take(connectionId, perMinute));
    }

    @Override
    public void rateLimited(UUID connectionId) {
        limitOf(connectionId).ifPresent(perMinute -> limiter.drain(connectionId, perMinute));
    }

    @Override
    public Credentials refreshed(UUID connectionId, Credentials rejected) throws ActionException {
        Connection connection = tx.execute(status -> connections.findById(connectionId))
                .orElseThrow(() -> ActionException.permanent("Connection " + connectionId + " was deleted"));
        if (connection.getAuthKind() != AuthKind.OAUTH2) {
            throw ActionException.permanent("Connection '" + connection.getName() + "' was rejected (HTTP 401)");
        }
        String token = tokens.refresh(target(connection), rejected.get("accessToken").orElse(""));
        return new Credentials(connection.getName(), Map.of("accessToken", token), true);
    }

    private OAuthTokens.Target target(Connection c) {
        return new OAuthTokens.Target(TenantContext.requireTenant(), c.getId(), c.getName(), c.getConnector(), c.getOauthClient());
    }

    /** The outcome of testing a connection. */
    public record TestResult(boolean ok, String message) {
    }

    /**
     * Tests a connection with a real call: GET the provider's test URL (OAuth2) or the connection's own test
     * URL with its credentials; an OAuth2 token is refreshed first when due, and once more on a 401. Records the
     * outcome on the connection.
     */
    @PreAuthorize(MANAGE)
    public TestResult test(UUID id) {
        Connection connection = get(id);
        TestResult result = probe(connection);
        tx.executeWithoutResult(status -> connections.findById(id).ifPresent(c -> c.tested(result.ok(), Instant.now())));
        return result;
    }

    private TestResult probe(Connection connection) {
        String url = connection.getAuthKind() == AuthKind.OAUTH2
                ? oauthClients.testUri(connection.getConnector()).orElse(null)
                : connection.getTestUrl();
        try {
            Credentials credentials = credentials(connection.getId()).orElseThrow(() -> new NotFoundException("Connection not found"));
            if (url == null) {
                return connection.getAuthKind() == AuthKind.OAUTH2
                        ? new TestResult(true, "The access token is valid" + (connection.getExpiresAt() == null ? "" : " and renews automatically")
                        + "; " + oauthClients.displayName(connection.getConnector()) + " has no test URL configured, so no call was made")
                        : new TestResult(false, "This connection has no test URL; add one to test its credentials");
            }
            int status = get(url, credentials);
            if (status == 401 && credentials.refreshable()) {
                status = get(url, refreshed(connection.getId(), credentials));
            }
            if (status >= 200 && status < 300) {
                return new TestResult(true, "Connected: " + host(url) + " accepted the credentials (HTTP " + status + ")");
            }
            if (status == 401 || status == 403) {
                return new TestResult(false, host(url) + " rejected the credentials (HTTP " + status + ")");
            }
            return new TestResult(false, host(url) + " answered HTTP " + status);
        } catch (ActionException e) {
            return new TestResult(false, e.getMessage());
        } catch (IOException e) {
            return new TestResult(false, "Could not reach " + host(url) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TestResult(false, "Interrupted");
        }
    }

    private static int get(String url, Credentials credentials) throws IOException, InterruptedException, ActionException {
        var builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).GET()
                .header("Accept", "application/json").header("User-Agent", "Flowmeter/0.1");
        HttpConnector.authorize(builder, credentials);
        return Egress.current().send(PROBE, builder.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String host(@Nullable String url) {
        try {
            return url == null ? "The service" : URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "The service";
        }
    }

    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build(); // Egress follows them, checking each target
}
