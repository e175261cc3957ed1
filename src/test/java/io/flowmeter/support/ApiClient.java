package io.flowmeter.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls the app's REST API over real HTTP with a tenant API key, as a client would. */
public final class ApiClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final int port;

    public ApiClient(int port) {
        this.port = port;
    }

    public HttpResponse<String> call(String method, String path, String body, String apiKey) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A call whose answer is binary (a PDF). */
    public HttpResponse<byte[]> callBytes(String method, String path, String apiKey) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + apiKey)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public JsonNode body(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    /** Creates and publishes a workflow from {@code definition}, runs it once with an empty input, and waits for the run. */
    public JsonNode runOnce(String definition, String apiKey) throws Exception {
        var created = call("POST", "/api/v1/workflows", definition, apiKey);
        if (created.statusCode() != 201) {
            throw new AssertionError("Workflow not created: " + created.body());
        }
        String workflowId = body(created).get("id").asText();
        var published = call("POST", "/api/v1/workflows/" + workflowId + "/publish", null, apiKey);
        if (published.statusCode() != 201) {
            throw new AssertionError("Workflow not published: " + published.body());
        }
        String runId = body(call("POST", "/api/v1/workflows/" + workflowId + "/runs", "{}", apiKey)).get("runId").asText();
        return awaitRun(runId, apiKey);
    }

    /** The step of node {@code nodeId} in a run as {@code GET /api/v1/runs/{id}} answers it. */
    public static JsonNode step(JsonNode run, String nodeId) {
        for (JsonNode step : run.get("steps")) {
            if (step.get("nodeId").asText().equals(nodeId)) {
                return step;
            }
        }
        throw new AssertionError("No step '" + nodeId + "' in " + run);
    }

    /** Polls {@code GET /api/v1/runs/{id}} until the run has ended (or 20 s passed); returns the last answer. */
    public JsonNode awaitRun(String runId, String apiKey) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
        JsonNode run;
        do {
            Thread.sleep(20);
            run = json.readTree(call("GET", "/api/v1/runs/" + runId, null, apiKey).body());
        } while (!run.at("/run/status").asText().matches("SUCCEEDED|FAILED|CANCELLED") && java.time.Instant.now().isBefore(deadline));
        return run;
    }
}
