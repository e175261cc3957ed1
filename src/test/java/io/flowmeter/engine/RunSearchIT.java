package io.flowmeter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding runs over REST: business keys across workflows, the list's filters, and bulk retry and cancel. */
class RunSearchIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;

    ApiClient api;
    String key;
    String otherKey;

    @BeforeEach
    void keys() {
        api = new ApiClient(port);
        key = data.apiKeyFor(data.newTenant("search"));
        otherKey = data.apiKeyFor(data.newTenant("search-other"));
    }

    String publish(String definition, String apiKey) throws Exception {
        var created = api.call("POST", "/api/v1/workflows", definition, apiKey);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = api.body(created).get("id").asText();
        assertThat(api.call("POST", "/api/v1/workflows/" + id + "/publish", null, apiKey).statusCode()).isEqualTo(201);
        return id;
    }

    String start(String workflowId, String input, String apiKey) throws Exception {
        var started = api.call("POST", "/api/v1/workflows/" + workflowId + "/runs", input, apiKey);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return api.body(started).get("runId").asText();
    }

    List<String> ids(String query, String apiKey) throws Exception {
        var answer = api.call("GET", "/api/v1/runs" + query, null, apiKey);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        api.body(answer).get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    @Test
    void aBusinessKeyFindsTheRunsOfOneOrderAcrossWorkflows() throws Exception {
        String orders = publish("""
                {"name": "Orders", "businessKey": "{{trigger.order.id}}",
                 "nodes": [{"id": "start", "type": "trigger.manual"}, {"id": "done", "type": "core.noop"}],
                 "edges": [{"from": "start", "to": "done"}]}
                """, key);
        String invoices = publish("""
                {"name": "Invoices", "businessKey": "  {{trigger.orderId}}  ",
                 "nodes": [{"id": "start", "type": "trigger.manual"}], "edges": []}
                """, key);
        String first = start(orders, "{\"order\": {\"id\": \"123\"}}", key);
        String second = start(orders, "{\"order\": {\"id\": \"456\"}}", key);
        String invoice = start(invoices, "{\"orderId\": \"123\"}", key);
        String keyless = start(orders, "{\"something\": \"else\"}", key);
        api.awaitRun(first, key);
        api.awaitRun(invoice, key);
        api.awaitRun(keyless, key);

        JsonNode run = api.awaitRun(second, key);
        assertThat(run.at("/run/businessKey").asText()).isEqualTo("456");
        assertThat(api.awaitRun(invoice, key).at("/run/businessKey").asText()).isEqualTo("123"); // trimmed
        assertThat(api.awaitRun(keyless, key).at("/run/businessKey").isNull()).isTrue(); // the field is missing: no key, the run still ran
        assertThat(api.awaitRun(keyless, key).at("/run/status").asText()).isEqualTo("SUCCEEDED");

        assertThat(ids("?businessKey=123", key)).containsExactly(invoice, first);
        assertThat(ids("?businessKey=456", key)).containsExactly(second);
        assertThat(ids("?businessKey=12", key)).isEmpty(); // exact match
        assertThat(ids("?businessKey=123&workflowId=" + orders, key)).containsExactly(first);
        assertThat(ids("?businessKey=123", otherKey)).isEmpty();
        assertThat(api.call("GET", "/api/v1/runs?businessKey=" + "x".repeat(201), null, key).statusCode()).isEqualTo(400);
    }

    @Test
    void aBusinessKeyMayUseTheTriggerOnly() throws Exception {
        var answer = api.call("POST", "/api/v1/workflows", """
                {"name": "Bad key", "businessKey": "{{steps.done.output.x}}",
                 "nodes": [{"id": "start", "type": "trigger.manual"}, {"id": "done", "type": "core.noop"}],
                 "edges": [{"from": "start", "to": "done"}]}
                """, key);
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("businessKey").contains("trigger's data only");
        var broken = api.call("POST", "/api/v1/workflows", """
                {"name": "Broken key", "businessKey": "{{#if}}", "nodes": [{"id": "start", "type": "trigger.manual"}], "edges": []}
                """, key);
        assertThat(broken.statusCode()).isEqualTo(422);
        assertThat(broken.body()).contains("businessKey");
    }

    @Test
    void filtersByTriggerPeriodAndWaitingAndRefuseNonsense() throws Exception {
        String wf = publish("""
                {"name": "Waits", "nodes": [{"id": "start", "type": "trigger.manual"},
                  {"id": "pause", "type": "core.delay", "params": {"duration": "PT1H"}}],
                 "edges": [{"from": "start", "to": "pause"}]}
                """, key);
        String waiting = start(wf, "{}", key);
        awaitStep(waiting, "pause", "WAITING");

        assertThat(ids("?trigger=api", key)).containsExactly(waiting);
        assertThat(ids("?trigger=webhook", key)).isEmpty();
        assertThat(ids("?status=waiting", key)).containsExactly(waiting);
        assertThat(ids("?status=SUCCEEDED", key)).isEmpty();
        String today = Instant.now().truncatedTo(ChronoUnit.DAYS).toString();
        assertThat(ids("?from=" + today, key)).containsExactly(waiting);
        assertThat(ids("?to=" + today, key)).isEmpty();
        assertThat(ids("?from=" + Instant.now().minusSeconds(3600) + "&to=" + Instant.now().plusSeconds(60), key)).containsExactly(waiting);

        for (String bad : List.of("?trigger=carrier-pigeon", "?from=yesterday", "?to=2026-13-45",
                "?from=2026-12-02&to=2026-12-01", "?status=ASLEEP")) {
            var answer = api.call("GET", "/api/v1/runs" + bad, null, key);
            assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        }
    }

    @Test
    void bulkRetryAndCancelActOnTheirRunsOnly() throws Exception {
        String failing = publish("""
                {"name": "Fails", "nodes": [{"id": "start", "type": "trigger.manual"},
                  {"id": "call", "type": "http.request", "params": {"url": "http://127.0.0.1:1/nothing"}, "retry": {"maxAttempts": 1}}],
                 "edges": [{"from": "start", "to": "call"}]}
                """, key);
        String waits = publish("""
                {"name": "Waits", "nodes": [{"id": "start", "type": "trigger.manual"},
                  {"id": "pause", "type": "core.delay", "params": {"duration": "PT1H"}}],
                 "edges": [{"from": "start", "to": "pause"}]}
                """, key);
        String failed1 = start(failing, "{}", key);
        String failed2 = start(failing, "{}", key);
        String waiting = start(waits, "{}", key);
        assertThat(api.awaitRun(failed1, key).at("/run/status").asText()).isEqualTo("FAILED");
        assertThat(api.awaitRun(failed2, key).at("/run/status").asText()).isEqualTo("FAILED");
        awaitStep(waiting, "pause", "WAITING");

        // another tenant's ids are left alone and counted as skipped
        var foreign = api.body(api.call("POST", "/api/v1/runs/bulk/retry", "{\"runIds\": [\"" + failed1 + "\"]}", otherKey));
        assertThat(foreign.get("done").asInt()).isZero();
        assertThat(foreign.get("skipped").asInt()).isEqualTo(1);

        var retried = api.body(api.call("POST", "/api/v1/runs/bulk/retry",
                "{\"runIds\": [\"" + failed1 + "\", \"" + failed2 + "\", \"" + waiting + "\"]}", key));
        assertThat(retried.get("done").asInt()).isEqualTo(2);
        assertThat(retried.get("skipped").asInt()).isEqualTo(1);
        String rerun = retried.get("rerunOf").get(failed1).asText();
        assertThat(api.awaitRun(rerun, key).at("/run/rerunOf").asText()).isEqualTo(failed1);

        var cancelled = api.body(api.call("POST", "/api/v1/runs/bulk/cancel", "{\"runIds\": [\"" + waiting + "\", \"" + failed1 + "\"]}", key));
        assertThat(cancelled.get("done").asInt()).isEqualTo(1);
        assertThat(cancelled.get("skipped").asInt()).isEqualTo(1);
        assertThat(api.awaitRun(waiting, key).at("/run/status").asText()).isEqualTo("CANCELLED");

        assertThat(api.call("POST", "/api/v1/runs/bulk/cancel", "{\"runIds\": []}", key).statusCode()).isEqualTo(400);
        assertThat(api.call("POST", "/api/v1/runs/bulk/cancel", "{\"runIds\": [\"nope\"]}", key).statusCode()).isEqualTo(400);
        assertThat(api.call("POST", "/api/v1/runs/bulk/retry", "{not json", key).statusCode()).isEqualTo(400);
    }

    private void awaitStep(String runId, String nodeId, String status) throws Exception {
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline)) {
            JsonNode run = api.body(api.call("GET", "/api/v1/runs/" + runId, null, key));
            if (ApiClient.step(run, nodeId).get("status").asText().equals(status)) {
                return;
            }
            Thread.sleep(30);
        }
        throw new AssertionError("Step " + nodeId + " of " + runId + " never became " + status);
    }
}
