package io.flowmeter.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.connection.oauth.OAuthConnectService;
import io.flowmeter.secret.SecretStore;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.ProviderBrowser;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.tenancy.TenantContext;
import oidc.testserver.TestAuthorizationServer;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OAuth2 connections against a real authorization server (Spring Authorization Server, started in the test):
 * the authorization-code flow with PKCE over real HTTP, tokens used by workflow steps, refresh before expiry and
 * after a 401, single-flight refresh under concurrency with rotating refresh tokens, a revoked refresh token
 * turning into "needs reconnect", reconnecting, tenants' own OAuth apps, and every refused callback.
 */
class OAuthConnectionsIT extends IntegrationTest {

    static final String PROVIDER = "http://localhost:" + OIDC_PROVIDER_PORT;

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired io.micrometer.core.instrument.MeterRegistry registry;
    @Autowired JdbcTemplate jdbc;
    @Autowired SecretStore secrets;
    @Autowired Connections connections;
    @Autowired OAuthConnectService oauth;

    final ObjectMapper json = new ObjectMapper();
    Owner owner;
    String key;
    ApiClient api;

    /** Everything the application logs while a test runs, to look for secrets in. */
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void setUp() {
        owner = data.newTenant("oauth");
        key = data.apiKeyFor(owner);
        api = new ApiClient(port);
        logs.start();
        rootLogger().addAppender(logs);
    }

    @AfterEach
    void stopCapturingLogs() {
        rootLogger().detachAppender(logs);
    }

    private static ch.qos.logback.classic.Logger rootLogger() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private String loggedText() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            text.append(event.getFormattedMessage()).append('\n');
            for (var t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    @Test
    void connectUseRefreshSurviveA401AndReconnectAfterRevocation() throws Exception {
        // start over REST: the authorization URL carries PKCE (S256) and a state
        var start = api.call("POST", "/api/v1/connections/oauth", "{\"provider\": \"acme\", \"name\": \"Acme account\"}", key);
        assertThat(start.statusCode()).isEqualTo(201);
        String authorizationUrl = json.readTree(start.body()).get("authorizationUrl").asText();
        assertThat(authorizationUrl).startsWith(PROVIDER + "/oauth2/authorize?").contains("code_challenge=", "code_challenge_method=S256", "state=");

        var browser = new ProviderBrowser("ada", "ada-password-1");
        String callback = browser.authorize(authorizationUrl, true);
        assertThat(callback).startsWith("http://127.0.0.1:" + port + "/connections/oauth/callback?code=");
        var back = ProviderBrowser.visit(callback);
        assertThat(back.statusCode()).isEqualTo(302);
        String location = back.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/connections?oauth=connected&connection=");
        UUID id = UUID.fromString(location.substring(location.indexOf("connection=") + "connection=".length()));

        JsonNode connection = json.readTree(api.call("GET", "/api/v1/connections/" + id, null, key).body());
        assertThat(connection.get("authKind").asText()).isEqualTo("OAUTH2");
        assertThat(connection.get("status").asText()).isEqualTo("CONNECTED");
        assertThat(connection.get("connector").asText()).isEqualTo("acme");
        assertThat(connection.get("scopes").asText()).contains("profile", "email");
        assertThat(Instant.parse(connection.get("expiresAt").asText())).isAfter(Instant.now().plusSeconds(60));

        // the provider's redirect works once: a replay changes nothing
        var replay = ProviderBrowser.visit(callback);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("already used");
        assertThat(connectionCount()).isEqualTo(1);

        // a step uses the token against the provider's userinfo endpoint
        String workflowId = userinfoWorkflow(id);
        JsonNode run = run(workflowId);
        assertThat(status(run)).isEqualTo("SUCCEEDED");
        assertThat(run.at("/steps/1/output/body/sub").asText()).isEqualTo("ada");
        Map<String, String> first = tokens(id);
        assertThat(first).containsKeys("accessToken", "refreshToken", "expiresAt");

        // expired (as far as we know): refreshed before the step, with the rotated refresh token stored
        int refreshes = TestAuthorizationServer.REFRESH_GRANTS.get();
        expire(id);
        run = run(workflowId);
        assertThat(status(run)).isEqualTo("SUCCEEDED");
        assertThat(TestAuthorizationServer.REFRESH_GRANTS.get()).isEqualTo(refreshes + 1);
        Map<String, String> second = tokens(id);
        assertThat(second.get("accessToken")).isNotEqualTo(first.get("accessToken"));
        assertThat(second.get("refreshToken")).isNotEqualTo(first.get("refreshToken"));

        // eight steps at once find the token expired: one refresh, all get the same new token
        expire(id);
        List<String> used = concurrently(8, () -> TenantContext.callAsTenant(owner.tenantId(),
                () -> unchecked(() -> connections.credentials(id).orElseThrow().get("accessToken").orElseThrow())));
        assertThat(new HashSet<>(used)).hasSize(1);
        assertThat(TestAuthorizationServer.REFRESH_GRANTS.get()).isEqualTo(refreshes + 2);
        assertThat(tokens(id).get("accessToken")).isEqualTo(used.get(0));

        // the provider revokes the access token: the step gets a 401, refreshes once and succeeds
        assertThat(ProviderBrowser.revoke(PROVIDER, TestAuthorizationServer.CONNECT_CLIENT_ID,
                TestAuthorizationServer.CONNECT_CLIENT_SECRET, tokens(id).get("accessToken"), "access_token")).isEqualTo(200);
        run = run(workflowId);
        assertThat(status(run)).isEqualTo("SUCCEEDED");
        assertThat(TestAuthorizationServer.REFRESH_GRANTS.get()).isEqualTo(refreshes + 3);
        assertThat(run.at("/steps/1/attempts/0/log").asText()).contains("refreshing");

        var test = json.readTree(api.call("POST", "/api/v1/connections/" + id + "/test", null, key).body());
        assertThat(test.get("ok").asBoolean()).as(test.toString()).isTrue();

        // no token appears in run outputs, step logs, errors, API answers or the application's log
        Map<String, String> live = tokens(id);
        String everything = run.toString() + api.call("GET", "/api/v1/connections/" + id, null, key).body()
                + api.call("GET", "/api/v1/connections", null, key).body()
                + TenantContext.callAsPlatform(() -> data.inTransaction(() -> String.join("\n", jdbc.queryForList(
                "select coalesce(output::text, '') || coalesce(error, '') from step_runs union all select coalesce(log, '') from step_attempts",
                String.class))));
        assertThat(everything).contains("\"sub\":\"ada\"");
        String logged = loggedText();
        assertThat(logged).contains("Token refresh"); // the log is captured (the refresh was attempted and logged)
        for (String secret : List.of(live.get("accessToken"), live.get("refreshToken"), first.get("accessToken"), first.get("refreshToken"))) {
            assertThat(logged).doesNotContain(secret);
        }
        for (String secret : List.of(live.get("accessToken"), live.get("refreshToken"), first.get("accessToken"), first.get("refreshToken"))) {
            assertThat(everything).doesNotContain(secret);
        }

        // the person revokes the grant at the provider: the next refresh is refused, the step fails at once
        assertThat(ProviderBrowser.revoke(PROVIDER, TestAuthorizationServer.CONNECT_CLIENT_ID,
                TestAuthorizationServer.CONNECT_CLIENT_SECRET, live.get("refreshToken"), "refresh_token")).isEqualTo(200);
        expire(id);
        double refreshFailures = registry.counter("flowmeter.oauth.refresh.failures").count();
        run = run(workflowId);
        assertThat(status(run)).isEqualTo("FAILED");
        assertThat(registry.counter("flowmeter.oauth.refresh.failures").count()).as("the refused refresh is counted")
                .isGreaterThan(refreshFailures);
        // the refusal was logged in the step's context: the log line says which organization, workflow, run and step
        String failedRun = run.at("/run/id").asText();
        assertThat(List.copyOf(logs.list)).filteredOn(e -> e.getFormattedMessage().contains("refused: invalid_grant")).first()
                .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry("tenantId", owner.tenantId().toString())
                        .containsEntry("runId", failedRun).containsEntry("workflowId", workflowId).containsKey("stepId"));
        assertThat(run.at("/steps/1/attempt").asInt()).as("not retried").isEqualTo(1);
        assertThat(run.at("/steps/1/error").asText()).contains("Acme account", "reconnect");
        connection = json.readTree(api.call("GET", "/api/v1/connections/" + id, null, key).body());
        assertThat(connection.get("status").asText()).isEqualTo("NEEDS_RECONNECT");
        assertThat(connection.get("statusMessage").asText()).contains("invalid_grant");
        test = json.readTree(api.call("POST", "/api/v1/connections/" + id + "/test", null, key).body());
        assertThat(test.get("ok").asBoolean()).isFalse();
        assertThat(test.get("message").asText()).contains("reconnect");
        assertThat(connectionsOfStatus("NEEDS_RECONNECT")).containsExactly(id.toString());
        assertThat(run(workflowId).at("/steps/1/error").asText()).as("says what to do once").containsOnlyOnce("reconnect it");

        // reconnect keeps the connection (its id, its workflows) and makes it usable again
        var reconnect = api.call("POST", "/api/v1/connections/" + id + "/reconnect", null, key);
        assertThat(reconnect.statusCode()).isEqualTo(201);
        back = ProviderBrowser.visit(browser.authorize(json.readTree(reconnect.body()).get("authorizationUrl").asText(), true));
        assertThat(back.headers().firstValue("Location").orElseThrow()).contains("oauth=reconnected", id.toString());
        assertThat(json.readTree(api.call("GET", "/api/v1/connections/" + id, null, key).body()).get("status").asText()).isEqualTo("CONNECTED");
        assertThat(status(run(workflowId))).isEqualTo("SUCCEEDED");
        assertThat(connectionCount()).isEqualTo(1);
    }

    @Test
    void deniedConsentWrongAndReplayedStatesAndExpiredCodesChangeNothing() throws Exception {
        // the person refuses consent: 400 with a clear page, nothing stored, the state spent
        String url = startUrl("Refused");
        String denied = new ProviderBrowser("newcomer", "newcomer-password-1").authorize(url, false);
        assertThat(denied).contains("error=access_denied");
        var response = ProviderBrowser.visit(denied);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("was not granted").contains("/connections?oauth=access_denied");
        assertThat(ProviderBrowser.visit(denied).body()).contains("already used");

        // no state, an unknown state, a forged code with a real state
        assertThat(ProviderBrowser.visit(callbackUrl("code=abc")).statusCode()).isEqualTo(400);
        assertThat(ProviderBrowser.visit(callbackUrl("code=abc&state=not-a-real-state")).body()).contains("already used or is unknown");
        var browser = new ProviderBrowser("ada", "ada-password-1");
        String real = browser.authorize(startUrl("Forged"), true);
        String forged = real.replaceFirst("code=[^&]+", "code=forged-code");
        response = ProviderBrowser.visit(forged);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("refused to issue tokens", "invalid_grant");

        // an authorization code used after it expired (the test server's live for 5 s)
        String late = browser.authorize(startUrl("Too late"), true);
        Thread.sleep(6_000);
        response = ProviderBrowser.visit(late);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid_grant", "may have expired");

        // a state that outlived its time
        String stale = browser.authorize(startUrl("Stale"), true);
        TenantContext.runAsPlatform(() -> data.inTransaction(() -> jdbc.update("update oauth_states set expires_at = now() - interval '1 minute'")));
        response = ProviderBrowser.visit(stale);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("took too long");

        assertThat(connectionCount()).isZero();
        assertThat(TenantContext.callAsPlatform(() -> data.inTransaction(() ->
                jdbc.queryForObject("select count(*) from oauth_states where tenant_id = ?", Integer.class, owner.tenantId())))).isZero();
    }

    @Test
    void aStateStartedInTheBrowserOnlyCompletesInThatSession() throws Exception {
        TestData.signInAs(owner);
        var started = TenantContext.callAsTenant(owner.tenantId(), () -> oauth.start("acme", "Bound", null, "session-a"));
        String state = URI.create(started.authorizationUrl()).getQuery().replaceAll(".*state=([^&]+).*", "$1");
        var other = oauth.complete(state, "some-code", null, null, "session-b");
        assertThat(other.ok()).isFalse();
        assertThat(other.code()).isEqualTo("session_mismatch");
        var none = oauth.complete(state, "some-code", null, null, null);
        assertThat(none.code()).isEqualTo("session_mismatch");
        // still pending for its own session: the mismatch did not spend it
        var own = oauth.complete(state, null, "access_denied", null, "session-a");
        assertThat(own.code()).isEqualTo("access_denied");
    }

    @Test
    void aTenantsOwnOAuthAppIsUsedAndAWrongSecretStoresNothing() throws Exception {
        var wrong = api.call("PUT", "/api/v1/connections/oauth/providers/acme/app",
                "{\"clientId\": \"" + TestAuthorizationServer.CONNECT_CLIENT_ID + "\", \"clientSecret\": \"not-the-secret\"}", key);
        assertThat(wrong.statusCode()).isEqualTo(204);
        JsonNode providers = json.readTree(api.call("GET", "/api/v1/connections/oauth/providers", null, key).body());
        JsonNode acme = null;
        for (JsonNode p : providers) {
            if (p.get("key").asText().equals("acme")) {
                acme = p;
            }
        }
        assertThat(acme).isNotNull();
        assertThat(acme.get("tenantClientId").asText()).isEqualTo(TestAuthorizationServer.CONNECT_CLIENT_ID);
        assertThat(acme.toString()).doesNotContain("not-the-secret");

        var browser = new ProviderBrowser("ada", "ada-password-1");
        var response = ProviderBrowser.visit(browser.authorize(startUrl("Own app"), true));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("client ID and secret");
        assertThat(connectionCount()).isZero();

        api.call("PUT", "/api/v1/connections/oauth/providers/acme/app", "{\"clientId\": \"" + TestAuthorizationServer.CONNECT_CLIENT_ID
                + "\", \"clientSecret\": \"" + TestAuthorizationServer.CONNECT_CLIENT_SECRET + "\"}", key);
        response = ProviderBrowser.visit(browser.authorize(startUrl("Own app"), true));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(TenantContext.callAsPlatform(() -> data.inTransaction(() -> jdbc.queryForObject(
                "select oauth_client from connections where tenant_id = ?", String.class, owner.tenantId())))).isEqualTo("TENANT");

        assertThat(api.call("PUT", "/api/v1/connections/oauth/providers/acme/app", "{\"clientId\": \"\"}", key).statusCode()).isEqualTo(400);
        assertThat(api.call("PUT", "/api/v1/connections/oauth/providers/nope/app", "{\"clientId\": \"a\", \"clientSecret\": \"b\"}", key)
                .statusCode()).isEqualTo(400);
        assertThat(api.call("DELETE", "/api/v1/connections/oauth/providers/acme/app", null, key).statusCode()).isEqualTo(204);
        assertThat(api.call("DELETE", "/api/v1/connections/oauth/providers/acme/app", null, key).statusCode()).isEqualTo(404);
    }

    @Test
    void badRequestsAndOtherTenantsIds() throws Exception {
        assertThat(api.call("POST", "/api/v1/connections/oauth", "{\"provider\": \"nope\", \"name\": \"x\"}", key).statusCode()).isEqualTo(400);
        assertThat(api.call("POST", "/api/v1/connections/oauth", "{\"provider\": \"acme\"}", key).statusCode()).isEqualTo(400);
        assertThat(api.call("POST", "/api/v1/connections/oauth", "{nope", key).statusCode()).isEqualTo(400);
        // GitHub is configured without a platform app here: only a tenant's own app could connect
        var github = api.call("POST", "/api/v1/connections/oauth", "{\"provider\": \"github\", \"name\": \"x\"}", key);
        assertThat(github.statusCode()).isEqualTo(400);
        assertThat(github.body()).contains("no OAuth app");

        String apiKeyConnection = json.readTree(api.call("POST", "/api/v1/connections",
                "{\"connector\": \"http\", \"name\": \"Key\", \"authKind\": \"BEARER\", \"values\": {\"token\": \"t\"}}", key).body()).get("id").asText();
        assertThat(api.call("POST", "/api/v1/connections/" + apiKeyConnection + "/reconnect", null, key).statusCode()).isEqualTo(400);
        var untested = json.readTree(api.call("POST", "/api/v1/connections/" + apiKeyConnection + "/test", null, key).body());
        assertThat(untested.get("ok").asBoolean()).isFalse();
        assertThat(untested.get("message").asText()).contains("no test URL");
        assertThat(api.call("PATCH", "/api/v1/connections/" + apiKeyConnection, "{\"testUrl\": \"ftp://x\"}", key).statusCode()).isEqualTo(400);

        String other = data.apiKeyFor(data.newTenant("oauth-other"));
        for (String path : List.of("/reconnect", "/test")) {
            assertThat(api.call("POST", "/api/v1/connections/" + apiKeyConnection + path, null, other).statusCode()).isEqualTo(404);
        }
        assertThat(api.call("PATCH", "/api/v1/connections/" + apiKeyConnection, "{\"name\": \"mine\"}", other).statusCode()).isEqualTo(404);
        assertThat(api.call("POST", "/api/v1/connections/" + UUID.randomUUID() + "/test", null, key).statusCode()).isEqualTo(404);
    }

    @Test
    void revokingRevokesAtTheProviderAndReconnectingRestores() throws Exception {
        var browser = new ProviderBrowser("ada", "ada-password-1");
        String location = ProviderBrowser.visit(browser.authorize(startUrl("To revoke"), true)).headers().firstValue("Location").orElseThrow();
        UUID id = UUID.fromString(location.substring(location.indexOf("connection=") + "connection=".length()));
        String refreshToken = tokens(id).get("refreshToken");
        String workflowId = userinfoWorkflow(id);

        var revoked = json.readTree(api.call("POST", "/api/v1/connections/" + id + "/revoke", null, key).body());
        assertThat(revoked.get("message").asText()).contains("Access revoked at Acme ID");
        assertThat(secrets.get(owner.tenantId(), id.toString())).isEmpty();
        assertThat(introspect(refreshToken)).as("the provider no longer honours the refresh token").contains("\"active\":false");
        JsonNode connection = json.readTree(api.call("GET", "/api/v1/connections/" + id, null, key).body());
        assertThat(connection.get("status").asText()).isEqualTo("REVOKED");
        assertThat(connection.get("statusMessage").asText()).startsWith("Revoked by");

        JsonNode run = run(workflowId);
        assertThat(status(run)).isEqualTo("FAILED");
        assertThat(run.at("/steps/1/attempt").asInt()).isEqualTo(1);
        assertThat(run.at("/steps/1/error").asText()).contains("To revoke", "revoked");

        var reconnect = api.call("POST", "/api/v1/connections/" + id + "/reconnect", null, key);
        ProviderBrowser.visit(browser.authorize(json.readTree(reconnect.body()).get("authorizationUrl").asText(), true));
        assertThat(status(run(workflowId))).isEqualTo("SUCCEEDED");
    }

    // --- helpers

    private static String introspect(String token) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString((TestAuthorizationServer.CONNECT_CLIENT_ID + ":"
                + TestAuthorizationServer.CONNECT_CLIENT_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(PROVIDER + "/oauth2/introspect"))
                        .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("token=" + java.net.URLEncoder.encode(token,
                                java.nio.charset.StandardCharsets.UTF_8))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private String startUrl(String name) throws Exception {
        var start = api.call("POST", "/api/v1/connections/oauth", "{\"provider\": \"acme\", \"name\": \"" + name + "\"}", key);
        assertThat(start.statusCode()).isEqualTo(201);
        return json.readTree(start.body()).get("authorizationUrl").asText();
    }

    private String callbackUrl(String query) {
        return "http://127.0.0.1:" + port + "/connections/oauth/callback?" + query;
    }

    private String userinfoWorkflow(UUID connection) throws Exception {
        String definition = """
                {"name": "Who am I", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "me", "type": "http.request", "connection": "CONN", "params": {"url": "URL"},
                   "retry": {"maxAttempts": 3, "initialDelayMs": 100}}],
                 "edges": [{"from": "t", "to": "me"}]}
                """.replace("CONN", connection.toString()).replace("URL", PROVIDER + "/userinfo");
        var created = api.call("POST", "/api/v1/workflows", definition, key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String workflowId = json.readTree(created.body()).get("id").asText();
        assertThat(api.call("POST", "/api/v1/workflows/" + workflowId + "/publish", null, key).statusCode()).isLessThan(300);
        return workflowId;
    }

    private JsonNode run(String workflowId) throws Exception {
        var started = api.call("POST", "/api/v1/workflows/" + workflowId + "/runs", "{}", key);
        return api.awaitRun(json.readTree(started.body()).get("runId").asText(), key);
    }

    private static String status(JsonNode run) {
        return run.get("run").get("status").asText();
    }

    private Map<String, String> tokens(UUID id) {
        return secrets.get(owner.tenantId(), id.toString()).orElseThrow().values();
    }

    /** Makes the stored token look expired (it is still valid at the provider). */
    private void expire(UUID id) {
        Map<String, String> values = new LinkedHashMap<>(tokens(id));
        values.put("expiresAt", Instant.now().minusSeconds(5).toString());
        secrets.put(owner.tenantId(), id.toString(), values);
    }

    private int connectionCount() throws Exception {
        return json.readTree(api.call("GET", "/api/v1/connections", null, key).body()).size();
    }

    private List<String> connectionsOfStatus(String status) throws Exception {
        List<String> ids = new ArrayList<>();
        json.readTree(api.call("GET", "/api/v1/connections?status=" + status, null, key).body()).forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    private static <T> List<T> concurrently(int n, Callable<T> work) throws Exception {
        var pool = Executors.newFixedThreadPool(n);
        var go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return work.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Unchecked<T> {
        T get() throws Exception;
    }

    private static <T> T unchecked(Unchecked<T> work) {
        try {
            return work.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
