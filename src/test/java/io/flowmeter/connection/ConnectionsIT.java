package io.flowmeter.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.tenancy.TenantContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** API-key style connections over REST, used by a workflow step, never leaking their secret. */
class ConnectionsIT extends IntegrationTest {

    static final String SECRET = "tok_live_0123456789abcdefSECRET";

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired JdbcTemplate jdbc;

    final ObjectMapper json = new ObjectMapper();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer service;
    String key;
    String otherKey;
    Owner owner;

    @BeforeEach
    void setUp() throws Exception {
        owner = data.newTenant("conn");
        key = data.apiKeyFor(owner);
        otherKey = data.apiKeyFor(data.newTenant("conn-other"));
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/me", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"user\": \"ada\"}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.start();
    }

    @AfterEach
    void stop() {
        service.stop(0);
    }


    HttpResponse<String> call(String method, String path, String body, String apiKey) throws Exception {
        return new ApiClient(port).call(method, path, body, apiKey);
    }

    @Test
    void aBearerConnectionAuthenticatesAStepAndItsSecretAppearsNowhere() throws Exception {
        var created = call("POST", "/api/v1/connections",
                "{\"connector\": \"http\", \"name\": \"Profile API\", \"authKind\": \"BEARER\", \"values\": {\"token\": \"" + SECRET + "\"}}", key);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(SECRET);
        String connectionId = json.readTree(created.body()).get("id").asText();

        String definition = """
                {"name": "Uses a connection", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "me", "type": "http.request", "connection": "CONN", "params": {"url": "http://127.0.0.1:PORT/me"}}],
                 "edges": [{"from": "t", "to": "me"}]}
                """.replace("CONN", connectionId).replace("PORT", String.valueOf(service.getAddress().getPort()));
        String workflowId = json.readTree(call("POST", "/api/v1/workflows", definition, key).body()).get("id").asText();
        call("POST", "/api/v1/workflows/" + workflowId + "/publish", null, key);
        String runId = json.readTree(call("POST", "/api/v1/workflows/" + workflowId + "/runs", "{}", key).body()).get("runId").asText();
        JsonNode run = null;
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            run = json.readTree(call("GET", "/api/v1/runs/" + runId, null, key).body());
            if (run.get("run").get("status").asText().equals("SUCCEEDED")) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(run.get("run").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(authorizations).containsExactly("Bearer " + SECRET);

        // nowhere else: run outputs and step logs, the connection's API view, the stored rows
        assertThat(run.toString()).doesNotContain(SECRET);
        assertThat(call("GET", "/api/v1/connections/" + connectionId, null, key).body()).doesNotContain(SECRET)
                .contains("Uses a connection");
        assertThat(call("GET", "/api/v1/connections", null, key).body()).doesNotContain(SECRET);
        String stored = TenantContext.callAsPlatform(() -> data.inTransaction(() -> String.join("\n", jdbc.queryForList(
                "select coalesce(output::text, '') || coalesce(error, '') from step_runs union all select coalesce(log, '') from step_attempts",
                String.class))));
        assertThat(stored).contains("ada"); // the step's output is there, so the scan sees the rows
        assertThat(stored).doesNotContain(SECRET);
    }

    @Test
    void anotherTenantsConnectionCannotBeSeenOrUsed() throws Exception {
        String connectionId = json.readTree(call("POST", "/api/v1/connections",
                "{\"connector\": \"http\", \"name\": \"Mine\", \"authKind\": \"BASIC\", \"values\": {\"username\": \"u\", \"password\": \"p\"}}",
                key).body()).get("id").asText();
        assertThat(call("GET", "/api/v1/connections/" + connectionId, null, otherKey).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/connections/" + connectionId, null, otherKey).statusCode()).isEqualTo(404);
        var stolen = call("POST", "/api/v1/workflows", """
                {"name": "Steals", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "x", "type": "http.request", "connection": "CONN", "params": {"url": "https://example.com"}}],
                 "edges": [{"from": "t", "to": "x"}]}
                """.replace("CONN", connectionId), otherKey);
        assertThat(stolen.statusCode()).isEqualTo(422);
        assertThat(stolen.body()).contains("does not exist in this organization");
    }

    @Test
    void badInputAndDeletionWhileInUse() throws Exception {
        assertThat(call("POST", "/api/v1/connections", "{\"connector\": \"http\", \"name\": \"x\", \"authKind\": \"BEARER\", \"values\": {}}", key)
                .statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/connections", "{\"connector\": \"nope\", \"name\": \"x\", \"authKind\": \"BEARER\", \"values\": {\"token\": \"t\"}}", key)
                .statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/connections", "{\"connector\": \"http\", \"name\": \"x\", \"authKind\": \"MAGIC\"}", key)
                .statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/connections", "{\"connector\": \"http\", \"name\": \"x\", \"authKind\": \"OAUTH2\"}", key)
                .statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/connections", "{oops", key).statusCode()).isEqualTo(400);

        String connectionId = json.readTree(call("POST", "/api/v1/connections",
                "{\"connector\": \"http\", \"name\": \"Used\", \"authKind\": \"HEADER\", \"values\": {\"headerName\": \"X-Api-Key\", \"headerValue\": \"v\"}}",
                key).body()).get("id").asText();
        call("POST", "/api/v1/workflows", """
                {"name": "User of it", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "x", "type": "http.request", "connection": "CONN", "params": {"url": "https://example.com"}}],
                 "edges": [{"from": "t", "to": "x"}]}
                """.replace("CONN", connectionId), key);
        var refused = call("DELETE", "/api/v1/connections/" + connectionId, null, key);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("User of it");
        assertThat(call("DELETE", "/api/v1/connections/" + connectionId + "?force=true", null, key).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/connections/" + connectionId, null, key).statusCode()).isEqualTo(404);
    }

    @Test
    void aRevokedConnectionFailsStepsUntilItsSecretIsReplaced() throws Exception {
        String connectionId = json.readTree(call("POST", "/api/v1/connections",
                "{\"connector\": \"http\", \"name\": \"Rotating\", \"authKind\": \"BEARER\", \"values\": {\"token\": \"old-token\"}}",
                key).body()).get("id").asText();
        String workflowId = json.readTree(call("POST", "/api/v1/workflows", """
                {"name": "Rotation", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "me", "type": "http.request", "connection": "CONN", "params": {"url": "http://127.0.0.1:PORT/me"}}],
                 "edges": [{"from": "t", "to": "me"}]}
                """.replace("CONN", connectionId).replace("PORT", String.valueOf(service.getAddress().getPort())), key).body()).get("id").asText();
        call("POST", "/api/v1/workflows/" + workflowId + "/publish", null, key);

        var revoked = call("POST", "/api/v1/connections/" + connectionId + "/revoke", null, key);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(json.readTree(call("GET", "/api/v1/connections/" + connectionId, null, key).body()).get("status").asText()).isEqualTo("REVOKED");
        JsonNode run = runToEnd(workflowId);
        assertThat(run.at("/run/status").asText()).isEqualTo("FAILED");
        assertThat(run.at("/steps/1/error").asText()).contains("Rotating", "revoked");

        // bad replacements change nothing
        assertThat(call("PUT", "/api/v1/connections/" + connectionId + "/credentials", "{\"values\": {}}", key).statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/v1/connections/" + connectionId + "/credentials", "{\"values\": {\"token\": \"a\\nb\"}}", key)
                .statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/v1/connections/" + connectionId + "/credentials", "{\"values\": {\"token\": \"x\"}}", otherKey)
                .statusCode()).isEqualTo(404);

        var replaced = call("PUT", "/api/v1/connections/" + connectionId + "/credentials", "{\"values\": {\"token\": \"new-token\"}}", key);
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(replaced.body()).doesNotContain("new-token").contains("CONNECTED");
        run = runToEnd(workflowId);
        assertThat(run.at("/run/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(authorizations).containsExactly("Bearer new-token");
    }

    private JsonNode runToEnd(String workflowId) throws Exception {
        String runId = json.readTree(call("POST", "/api/v1/workflows/" + workflowId + "/runs", "{}", key).body()).get("runId").asText();
        return new ApiClient(port).awaitRun(runId, key);
    }

    @Test
    void aConnectionsRateLimitIsSharedAndA429MakesLaterStepsWait() throws Exception {
        List<Instant> calls = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        service.createContext("/limited", exchange -> {
            calls.add(Instant.now());
            boolean first = count.getAndIncrement() == 0;
            byte[] body = (first ? "{\"error\": \"slow down\"}" : "{\"ok\": true}").getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(first ? 429 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        String connectionId = json.readTree(call("POST", "/api/v1/connections",
                "{\"connector\": \"http\", \"name\": \"Limited\", \"authKind\": \"BEARER\", \"values\": {\"token\": \"t\"}}", key).body())
                .get("id").asText();
        assertThat(call("PATCH", "/api/v1/connections/" + connectionId, "{\"rateLimitPerMinute\": 0}", key).statusCode()).isEqualTo(400);
        var limited = call("PATCH", "/api/v1/connections/" + connectionId, "{\"rateLimitPerMinute\": 60}", key);
        assertThat(json.readTree(limited.body()).get("rateLimitPerMinute").asInt()).isEqualTo(60);
        String workflowId = json.readTree(call("POST", "/api/v1/workflows", """
                {"name": "Limited calls", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "call", "type": "http.request", "connection": "CONN", "params": {"url": "http://127.0.0.1:PORT/limited"},
                   "retry": {"maxAttempts": 3, "initialDelayMs": 50}}],
                 "edges": [{"from": "t", "to": "call"}]}
                """.replace("CONN", connectionId).replace("PORT", String.valueOf(service.getAddress().getPort())), key).body()).get("id").asText();
        call("POST", "/api/v1/workflows/" + workflowId + "/publish", null, key);

        // the first call gets 429: the connection's budget (60/min, one a second) is spent, so the retry 50 ms later
        // waits for the budget instead of calling at once; a second run's call waits its turn as well
        JsonNode first = runToEnd(workflowId);
        JsonNode second = runToEnd(workflowId);
        assertThat(first.at("/run/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(second.at("/run/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(first.at("/steps/1/attempt").asInt()).isEqualTo(2);
        assertThat(calls).hasSize(3);
        assertThat(java.time.Duration.between(calls.get(0), calls.get(1))).isGreaterThan(java.time.Duration.ofMillis(700));
        assertThat(java.time.Duration.between(calls.get(1), calls.get(2))).isGreaterThan(java.time.Duration.ofMillis(700));
        assertThat(call("PATCH", "/api/v1/connections/" + connectionId, "{\"removeRateLimit\": true}", key).body())
                .contains("\"rateLimitPerMinute\":null");
    }
}
