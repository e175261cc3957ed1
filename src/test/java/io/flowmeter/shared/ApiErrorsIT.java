package io.flowmeter.shared;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client sends to the REST API, the answer is a problem with a 4xx status that says what was wrong —
 * never a redirect to the sign-in page, an HTML page or a 5xx — and nothing is stored.
 */
class ApiErrorsIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;

    ApiClient api;
    String key;

    @BeforeEach
    void setUp() {
        key = data.apiKeyFor(data.newTenant("errors"));
        api = new ApiClient(port);
    }

    JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.headers().firstValue("Location")).isEmpty();
        return api.body(response);
    }

    @Test
    void pagingOutOfRangeIsRefusedNamingTheParameter() throws Exception {
        assertThat(problem(api.call("GET", "/api/v1/workflows?page=2147483647&size=2147483647", null, key), 400)
                .get("detail").asText()).contains("'page' must be between 0 and 100000");
        assertThat(problem(api.call("GET", "/api/v1/workflows?size=1000000", null, key), 400).get("field").asText()).isEqualTo("size");
        assertThat(problem(api.call("GET", "/api/v1/workflows?page=-1", null, key), 400).get("field").asText()).isEqualTo("page");
        assertThat(problem(api.call("GET", "/api/v1/runs?limit=-1", null, key), 400).get("detail").asText())
                .isEqualTo("'limit' must be between 1 and 200 (was -1)");
        assertThat(problem(api.call("GET", "/api/v1/runs/parked?limit=201", null, key), 400).get("field").asText()).isEqualTo("limit");
        assertThat(api.call("GET", "/api/v1/workflows?page=3&size=200", null, key).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJsonIsA400ThatSaysWhatIsWrongAndStoresNothing() throws Exception {
        String valid = "{\"name\": \"Ok\", \"nodes\": [{\"id\": \"start\", \"type\": \"trigger.manual\"}], \"edges\": []}";
        for (String body : List.of(valid + "}", valid + " xyz", "{\"name\": \"a\\u0000b\", \"nodes\": [], \"edges\": []}",
                "{\"name\": \"x\", \"nodes\": [{\"id\": \"start\", \"type\": \"trigger.manual\", \"params\": {\"n\": 1e400}}], \"edges\": []}",
                "{\"name\": \"x\", \"nodes\": " + "[".repeat(998) + "]".repeat(998) + ", \"edges\": []}", "", "[1, 2]")) {
            JsonNode problem = problem(api.call("POST", "/api/v1/workflows", body, key), 400);
            assertThat(problem.get("type").asText()).endsWith("/invalid-input");
            assertThat(problem.get("detail").asText()).doesNotContain("java.", "Failed to read request");
        }
        assertThat(api.body(api.call("GET", "/api/v1/workflows", null, key)).get("total").asLong()).isZero();
        JsonNode nul = problem(api.call("POST", "/api/v1/connections", """
                {"connector": "http", "name": "Bad\\u0000name", "authKind": "BEARER", "values": {"token": "abcdefgh"}}""", key), 400);
        assertThat(nul.get("detail").asText()).isEqualTo("NUL characters (\\u0000) are not accepted in JSON");
    }

    @Test
    void nulInAQueryParameterIsRefused() throws Exception {
        assertThat(problem(api.call("GET", "/api/v1/runs?cursor=ab%00cd", null, key), 400).get("detail").asText())
                .contains("NUL characters");
    }

    @Test
    void aBrokenChunkedBodyIsA4xxProblem() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/workflows HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "5\r\n{\"nam\r\nzz\r\nbroken\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String statusLine = answer.lines().findFirst().orElse("");
            assertThat(statusLine).as(answer).matches("HTTP/1.1 4\\d\\d.*");
            assertThat(answer).doesNotContainIgnoringCase("Location:").doesNotContain("<html");
        }
    }

    @Test
    void anOversizedApprovalCommentIsRefused() throws Exception {
        String comment = "x".repeat(2_000_000);
        JsonNode problem = problem(api.call("POST", "/api/v1/runs/" + java.util.UUID.randomUUID() + "/steps/ok/approve",
                "{\"comment\": \"" + comment + "\"}", key), 400);
        assertThat(problem.get("detail").asText()).isEqualTo("A comment may have at most 10000 characters");
    }

    @Test
    void aSubWorkflowStepMustNameAWorkflowOfThisOrganization() throws Exception {
        String missing = java.util.UUID.randomUUID().toString();
        var response = api.call("POST", "/api/v1/workflows", """
                {"name": "Parent", "nodes": [{"id": "start", "type": "trigger.manual"},
                  {"id": "child", "type": "core.subworkflow", "params": {"workflowId": "ID"}}],
                 "edges": [{"from": "start", "to": "child"}]}""".replace("ID", missing), key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.body()).contains("Workflow " + missing + " does not exist in this organization").doesNotContain("java.");
    }
}
