package io.flowmeter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.trigger.poll.PollService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service that echoes the request's headers back (in its answer, in an error, as poll item ids) must not get a
 * connection's secret into anything Flowmeter stores, shows or logs.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretRedactionIT extends IntegrationTest {

    static final String TOKEN = "tok-" + UUID.randomUUID();
    static final String PASSWORD = "pw-" + UUID.randomUUID();

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired JdbcTemplate jdbc;
    @Autowired PollService polls;

    final ObjectMapper json = new ObjectMapper();
    HttpServer echo;
    ApiClient api;
    String key;
    UUID tenantId;

    @BeforeEach
    void setUp() throws Exception {
        var owner = data.newTenant("redact");
        tenantId = owner.tenantId();
        key = data.apiKeyFor(owner);
        api = new ApiClient(port);
        echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // /echo/<status>: answers that status with every request header, as JSON and as text, the way debugging
        // endpoints and some error pages do
        echo.createContext("/echo/", exchange -> {
            int status = Integer.parseInt(exchange.getRequestURI().getPath().substring("/echo/".length()));
            Map<String, Object> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(", ", v)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("headers", headers);
            body.put("message", "you sent " + headers);
            body.put("items", List.of(Map.of("id", String.valueOf(headers.get("Authorization")), "title", "echo")));
            byte[] bytes = json.writeValueAsBytes(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Echo", String.valueOf(headers.get("Authorization")));
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        echo.start();
    }

    @AfterEach
    void stop() {
        echo.stop(0);
    }

    String connection(String name, String authKind, String values) throws Exception {
        var created = api.call("POST", "/api/v1/connections",
                "{\"connector\": \"http\", \"name\": \"" + name + "\", \"authKind\": \"" + authKind + "\", \"values\": " + values + "}", key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return api.body(created).get("id").asText();
    }

    JsonNode runEcho(String connectionId, int status) throws Exception {
        return api.runOnce("""
                {"name": "Echo", "nodes": [{"id": "start", "type": "trigger.manual"},
                  {"id": "call", "type": "http.request", "connection": "CONNECTION", "params": {"url": "URL/echo/STATUS"},
                   "retry": {"maxAttempts": 2, "initialDelayMs": 10}}],
                 "edges": [{"from": "start", "to": "call"}]}
                """.replace("CONNECTION", connectionId).replace("URL", "http://127.0.0.1:" + echo.getAddress().getPort())
                .replace("STATUS", String.valueOf(status)), key);
    }

    String pollingDefinition(String connectionId, int status) {
        return """
                {"name": "Echo poll", "nodes": [
                  {"id": "t", "type": "trigger.poll", "connection": "CONNECTION",
                   "params": {"source": "http.jsonList", "interval": "PT2M", "sourceParams": {"url": "URL/echo/STATUS", "itemsPath": "items"}}},
                  {"id": "n", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "n"}]}
                """.replace("CONNECTION", connectionId).replace("URL", "http://127.0.0.1:" + echo.getAddress().getPort())
                .replace("STATUS", String.valueOf(status));
    }

    static JsonNode callOutput(JsonNode run) {
        return ApiClient.step(run, "call").get("output");
    }

    /** Everything the tenant's rows hold about runs and polls, as text. */
    String storedText() {
        return TenantContext.callAsTenant(tenantId, () -> data.inTransaction(() -> String.join("\n",
                jdbc.queryForList("select coalesce(input::text, '') || coalesce(output::text, '') || coalesce(error, '') from runs", String.class)
                        .toString(),
                jdbc.queryForList("select coalesce(output::text, '') || coalesce(error, '') from step_runs", String.class).toString(),
                jdbc.queryForList("select coalesce(error, '') || coalesce(log, '') from step_attempts", String.class).toString(),
                jdbc.queryForList("select coalesce(last_error, '') || coalesce(cursor, '') from poll_state", String.class).toString(),
                jdbc.queryForList("select item_id from poll_seen", String.class).toString())));
    }

    void assertNoSecret(String text) {
        String basic = Base64.getEncoder().encodeToString(("robot:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(text).doesNotContain(TOKEN).doesNotContain(PASSWORD).doesNotContain(basic);
    }

    @Test
    void anEchoedBearerTokenIsRedactedFromOutputsErrorsAttemptsAndLists(CapturedOutput log) throws Exception {
        String bearer = connection("Echo bearer", "BEARER", "{\"token\": \"" + TOKEN + "\"}");

        JsonNode ok = runEcho(bearer, 200);
        assertThat(ok.at("/run/status").asText()).isEqualTo("SUCCEEDED");
        JsonNode output = callOutput(ok);
        assertThat(output.at("/body/headers/Authorization").asText()).isEqualTo("Bearer [redacted:Echo bearer]");
        assertThat(output.at("/headers/x-echo").asText()).isEqualTo("Bearer [redacted:Echo bearer]");
        assertNoSecret(ok.toString());

        JsonNode refused = runEcho(bearer, 403);
        assertThat(refused.at("/run/status").asText()).isEqualTo("FAILED");
        assertThat(refused.at("/run/error").asText()).contains("HTTP 403", "[redacted:Echo bearer]");
        assertNoSecret(refused.toString());

        JsonNode broken = runEcho(bearer, 500);
        assertThat(broken.at("/run/status").asText()).isEqualTo("FAILED");
        assertThat(broken.toString()).contains("gave up after 2 attempts", "[redacted:Echo bearer]");
        assertNoSecret(broken.toString());

        assertNoSecret(api.call("GET", "/api/v1/runs", null, key).body());
        assertNoSecret(api.call("GET", "/api/v1/runs/parked", null, key).body());
        assertNoSecret(storedText());
        assertNoSecret(log.getAll());
    }

    @Test
    void basicCredentialsAreRedactedInTheirEncodedForm() throws Exception {
        String basic = connection("Echo basic", "BASIC", "{\"username\": \"robot\", \"password\": \"" + PASSWORD + "\"}");
        JsonNode run = runEcho(basic, 200);
        assertThat(run.at("/run/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(callOutput(run).at("/body/headers/Authorization").asText()).isEqualTo("Basic [redacted:Echo basic]");
        assertNoSecret(run.toString());
        assertNoSecret(storedText());
    }

    @Test
    void aPollSourceEchoingTheTokenStoresNeitherIdsNorErrorsWithIt(CapturedOutput log) throws Exception {
        String bearer = connection("Echo poll", "BEARER", "{\"token\": \"" + TOKEN + "\"}");
        var created = api.call("POST", "/api/v1/workflows", pollingDefinition(bearer, 200), key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID workflow = UUID.fromString(api.body(created).get("id").asText());
        api.call("POST", "/api/v1/workflows/" + workflow + "/publish", null, key);
        polls.poll(tenantId, workflow);
        assertThat(TenantContext.callAsTenant(tenantId, () -> data.inTransaction(() ->
                jdbc.queryForList("select item_id from poll_seen where workflow_id = ?", String.class, workflow))))
                .containsExactly("Bearer [redacted:Echo poll]");

        // the source now fails with the token in its error page
        var failing = api.call("PUT", "/api/v1/workflows/" + workflow, pollingDefinition(bearer, 502), key);
        assertThat(failing.statusCode()).as(failing.body()).isEqualTo(200);
        api.call("POST", "/api/v1/workflows/" + workflow + "/publish", null, key);
        polls.poll(tenantId, workflow);
        JsonNode state = api.body(api.call("GET", "/api/v1/workflows/" + workflow + "/polling", null, key));
        assertThat(state.get("lastError").asText()).contains("HTTP 502", "[redacted:Echo poll]");
        assertNoSecret(state.toString());
        assertNoSecret(storedText());
        assertNoSecret(log.getAll());
    }
}
