package io.flowmeter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The workflow and run REST API over HTTP with API keys, including bad input and other tenants' ids. */
class WorkflowApiIT extends IntegrationTest {

    static final String DEFINITION = """
            {"name": "API flow", "nodes": [{"id": "start", "type": "trigger.manual"},
              {"id": "shape", "type": "core.transform", "params": {"value": {"hello": "{{trigger.who}}"}}}],
             "edges": [{"from": "start", "to": "shape"}]}
            """;

    @LocalServerPort int port;
    @Autowired TestData data;

    final ObjectMapper json = new ObjectMapper();
    String key;
    String otherKey;

    @BeforeEach
    void keys() {
        key = data.apiKeyFor(data.newTenant("api-wf"));
        otherKey = data.apiKeyFor(data.newTenant("api-other"));
    }


    HttpResponse<String> call(String method, String path, String body, String apiKey) throws Exception {
        return new ApiClient(port).call(method, path, body, apiKey);
    }

    JsonNode body(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    @Test
    void createPublishRunAndInspect() throws Exception {
        var created = call("POST", "/api/v1/workflows", DEFINITION, key);
        assertThat(created.statusCode()).isEqualTo(201);
        String id = body(created).get("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/workflows/" + id);

        var notPublished = call("POST", "/api/v1/workflows/" + id + "/runs", "{}", key);
        assertThat(notPublished.statusCode()).isEqualTo(409);

        var published = call("POST", "/api/v1/workflows/" + id + "/publish", null, key);
        assertThat(published.statusCode()).isEqualTo(201);
        assertThat(body(published).get("number").asInt()).isEqualTo(1);

        var started = call("POST", "/api/v1/workflows/" + id + "/runs", "{\"who\": \"world\"}", key);
        assertThat(started.statusCode()).isEqualTo(202);
        String runId = body(started).get("runId").asText();
        // a run of logic steps only is done by the time its start commits, and the answer says so
        assertThat(body(started).get("status").asText()).isEqualTo("SUCCEEDED");

        JsonNode run = null;
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            run = body(call("GET", "/api/v1/runs/" + runId, null, key));
            if (run.get("run").get("status").asText().equals("SUCCEEDED")) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(run.get("run").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.get("output").get("shape").get("hello").asText()).isEqualTo("world");
        assertThat(run.get("steps")).hasSize(2);
        JsonNode shape = run.get("steps").get(1);
        assertThat(shape.get("nodeId").asText()).isEqualTo("shape");
        assertThat(shape.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(shape.get("attempt").asInt()).isEqualTo(1);

        var exported = call("GET", "/api/v1/workflows/" + id + "/export", null, key);
        assertThat(body(exported).get("nodes")).hasSize(2);
        var imported = call("POST", "/api/v1/workflows/import", exported.body(), key);
        assertThat(imported.statusCode()).isEqualTo(201);
        assertThat(body(imported).get("id").asText()).isNotEqualTo(id);

        var updated = call("PUT", "/api/v1/workflows/" + id, DEFINITION.replace("API flow", "Renamed"), key);
        assertThat(body(updated).get("name").asText()).isEqualTo("Renamed");
        assertThat(body(updated).get("latestVersion").asInt()).isEqualTo(1);
        assertThat(body(call("GET", "/api/v1/workflows", null, key)).get("items")).hasSize(2);
    }

    @Test
    void runsArePagedByCursor() throws Exception {
        String id = body(call("POST", "/api/v1/workflows", DEFINITION, key)).get("id").asText();
        call("POST", "/api/v1/workflows/" + id + "/publish", null, key);
        for (int i = 0; i < 5; i++) {
            call("POST", "/api/v1/workflows/" + id + "/runs", "{\"who\": \"" + i + "\"}", key);
        }
        JsonNode first = body(call("GET", "/api/v1/runs?limit=3&workflowId=" + id, null, key));
        assertThat(first.get("items")).hasSize(3);
        JsonNode second = body(call("GET", "/api/v1/runs?limit=3&workflowId=" + id + "&cursor=" + first.get("next").asText(), null, key));
        assertThat(second.get("items")).hasSize(2);
        assertThat(second.get("next").isNull()).isTrue();
        assertThat(first.get("items").get(2).get("id").asText()).isNotEqualTo(second.get("items").get(0).get("id").asText());
    }

    @Test
    void invalidDefinitionsAnswer422WithEveryProblem() throws Exception {
        var invalid = call("POST", "/api/v1/workflows", """
                {"name": "", "nodes": [{"id": "a", "type": "nope.nothing"}], "edges": [{"from": "a", "to": "ghost"}]}
                """, key);
        assertThat(invalid.statusCode()).isEqualTo(422);
        JsonNode problem = body(invalid);
        assertThat(problem.get("type").asText()).endsWith("/validation-failed");
        assertThat(problem.get("errors").size()).isGreaterThanOrEqualTo(4);
        assertThat(invalid.body()).contains("Unknown step type 'nope.nothing'").contains("trigger").contains("unknown node").contains("name");
    }

    @Test
    void anUnknownValueSettingAnswers422NamingItOnCreateAndUpdate() throws Exception {
        String bad = DEFINITION.replace("\"type\": \"core.transform\",", "\"type\": \"core.transform\", \"value\": {\"minuts\": 5},");
        assertThat(bad).contains("minuts");
        String id = body(call("POST", "/api/v1/workflows", DEFINITION, key)).get("id").asText();
        for (var response : java.util.List.of(call("POST", "/api/v1/workflows", bad, key), call("PUT", "/api/v1/workflows/" + id, bad, key))) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode problem = body(response);
            assertThat(problem.get("type").asText()).endsWith("/validation-failed");
            assertThat(problem.get("errors")).singleElement().satisfies(error -> {
                assertThat(error.get("node").asText()).isEqualTo("shape");
                assertThat(error.get("field").asText()).isEqualTo("value.minuts");
                assertThat(error.get("message").asText()).startsWith("Unknown value setting 'minuts'");
            });
        }
        assertThat(body(call("GET", "/api/v1/workflows", null, key)).get("total").asLong()).isEqualTo(1);
        assertThat(call("GET", "/api/v1/workflows/" + id, null, key).body()).doesNotContain("minuts");
    }

    @Test
    void badInputIs4xxNeverA5xx() throws Exception {
        assertThat(call("POST", "/api/v1/workflows", "{not json", key).statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/workflows", "[]", key).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/workflows/not-a-uuid", null, key).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/runs/00000000-0000-0000-0000-000000000001", null, key).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/runs?cursor=garbage", null, key).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/runs?status=SLEEPING", null, key).statusCode()).isEqualTo(400);
        String id = body(call("POST", "/api/v1/workflows", DEFINITION, key)).get("id").asText();
        call("POST", "/api/v1/workflows/" + id + "/publish", null, key);
        assertThat(call("POST", "/api/v1/workflows/" + id + "/runs", "[1, 2]", key).statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/runs/00000000-0000-0000-0000-000000000001/rerun", "{\"from\": \"middle\"}", key).statusCode())
                .isIn(400, 404);
    }

    @Test
    void anotherTenantsIdsAre404AndRevealNothing() throws Exception {
        String id = body(call("POST", "/api/v1/workflows", DEFINITION, key)).get("id").asText();
        call("POST", "/api/v1/workflows/" + id + "/publish", null, key);
        String runId = body(call("POST", "/api/v1/workflows/" + id + "/runs", "{}", key)).get("runId").asText();

        for (var response : new HttpResponse[]{
                call("GET", "/api/v1/workflows/" + id, null, otherKey),
                call("PUT", "/api/v1/workflows/" + id, DEFINITION, otherKey),
                call("POST", "/api/v1/workflows/" + id + "/publish", null, otherKey),
                call("POST", "/api/v1/workflows/" + id + "/runs", "{}", otherKey),
                call("GET", "/api/v1/runs/" + runId, null, otherKey),
                call("POST", "/api/v1/runs/" + runId + "/cancel", null, otherKey)}) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat((String) response.body()).doesNotContain("API flow");
        }
        assertThat(body(call("GET", "/api/v1/runs", null, otherKey)).get("items")).isEmpty();
        assertThat(body(call("GET", "/api/v1/workflows", null, otherKey)).get("items")).isEmpty();
    }
}
