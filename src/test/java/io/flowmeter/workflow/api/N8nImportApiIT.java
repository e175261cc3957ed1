package io.flowmeter.workflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * n8n import over REST: the export as the body of POST /api/v1/workflows/import?format=n8n makes a draft (201 with
 * what was imported and what was not), GET …/export returns it, publishing is refused while placeholders remain,
 * another organization sees nothing, and malformed input is a clear 4xx.
 */
class N8nImportApiIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;

    ApiClient api;
    String key;
    String otherKey;

    @BeforeEach
    void keys() {
        api = new ApiClient(port);
        key = data.apiKeyFor(data.newTenant("n8n"));
        otherKey = data.apiKeyFor(data.newTenant("n8n-other"));
    }

    static String file(String name) throws Exception {
        try (var in = N8nImportApiIT.class.getResourceAsStream("/n8n/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anN8nExportBecomesADraftThatListsWhatWasNotImported() throws Exception {
        var answer = api.call("POST", "/api/v1/workflows/import?format=n8n", file("orders-1x.json"), key);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode body = api.body(answer);
        String id = body.get("id").asText();
        assertThat(answer.headers().firstValue("Location").orElse("")).endsWith("/api/v1/workflows/" + id);
        assertThat(body.get("imported")).hasSize(6);
        assertThat(body.get("unsupported").findValuesAsText("node")).contains("Log the failure", "Every 6 hours", "Tell #sales");
        JsonNode code = null;
        for (JsonNode u : body.get("unsupported")) {
            if (u.get("node").asText().equals("Log the failure")) {
                code = u;
            }
        }
        assertThat(code.get("type").asText()).isEqualTo("n8n-nodes-base.code");
        assertThat(code.get("reason").asText()).contains("no Flowmeter equivalent");

        var exported = api.body(api.call("GET", "/api/v1/workflows/" + id + "/export", null, key));
        assertThat(exported.get("nodes")).hasSize(8);
        assertThat(exported.get("nodes").findValuesAsText("name")).contains("Order received", "Is it large?", "Log the failure");
        assertThat(exported.get("nodes").get(1).get("position").get("x").asDouble()).isEqualTo(460);

        var publish = api.call("POST", "/api/v1/workflows/" + id + "/publish", null, key);
        assertThat(publish.statusCode()).isEqualTo(422);
        assertThat(publish.body()).contains("Imported from n8n (n8n-nodes-base.code) without a Flowmeter equivalent");

        assertThat(api.call("GET", "/api/v1/workflows/" + id + "/export", null, otherKey).statusCode()).isEqualTo(404);

        // the 0.x format too
        var old = api.call("POST", "/api/v1/workflows/import?format=n8n", file("digest-0x.json"), key);
        assertThat(old.statusCode()).as(old.body()).isEqualTo(201);
        assertThat(api.body(old).get("imported")).hasSizeGreaterThan(5);
    }

    @Test
    void malformedInputIsAClearProblem() throws Exception {
        String[][] bad = {
                {"format=n8n", "{\"nodes\": "},
                {"format=n8n", "[1, 2]"},
                {"format=n8n", "{\"name\": \"x\"}"},
                {"format=n8n", "{\"nodes\": [{\"name\": \"A\"}], \"connections\": {}}"},
                {"format=n8n", "{\"nodes\": [{\"name\": \"A\", \"type\": \"n8n-nodes-base.noOp\"}, {\"name\": \"A\", \"type\": \"n8n-nodes-base.noOp\"}]}"},
                {"format=n8n", "{\"nodes\": [{\"name\": \"a\\u0000b\", \"type\": \"n8n-nodes-base.noOp\"}]}"},
                {"format=n8n", "{\"nodes\": [], \"connections\": []}"},
                {"format=zapier", "{\"nodes\": []}"},
                {"format=flowmeter", "{\"nodes\": 5}"}};
        for (String[] b : bad) {
            var answer = api.call("POST", "/api/v1/workflows/import?" + b[0], b[1], key);
            assertThat(answer.statusCode()).as(b[0] + " " + b[1] + ": " + answer.body()).isBetween(400, 499);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(b[1]).contains("problem+json");
            assertThat(api.body(answer).get("detail").asText()).as(b[1]).isNotBlank();
        }
        // deep nesting is refused before it reaches the importer
        String deep = "{\"nodes\": [{\"name\": \"A\", \"type\": \"n8n-nodes-base.set\", \"parameters\": " + "[".repeat(5000) + "]".repeat(5000) + "}]}";
        assertThat(api.call("POST", "/api/v1/workflows/import?format=n8n", deep, key).statusCode()).isBetween(400, 499);
        assertThat(api.body(api.call("GET", "/api/v1/workflows", null, key)).get("items")).isEmpty();
    }
}
