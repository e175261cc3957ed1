package io.flowmeter.trigger.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.WebhookSamples;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The builder's "Listen for a test request": captured as sample input (credentials dropped), no run started. */
class WebhookSamplesIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired WebhookSamples samples;
    @Autowired RunService runs;
    @Autowired ObjectMapper json;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theNextTestRequestBecomesTheSampleAndStartsNoRun() throws Exception {
        var owner = data.newTenant("samples");
        TestData.signInAs(owner);
        var definition = json.readValue("""
                {"name": "Draft hook", "nodes": [{"id": "hook", "type": "trigger.webhook"}], "edges": []}""", WorkflowDefinition.class);
        var workflow = TenantContext.callAsTenant(owner.tenantId(), () -> workflows.createDraft("Draft hook"));
        TenantContext.runAsTenant(owner.tenantId(), () -> workflows.saveDraft(workflow.getId(), definition, workflow.getDraftRevision()));
        String address = TenantContext.callAsTenant(owner.tenantId(), () -> samples.testAddress(workflow.getId()));
        assertThat(address).endsWith("/test");
        URI local = URI.create("http://127.0.0.1:" + port + address.substring(address.indexOf("/hooks/")));

        // nobody listening: a clear 409, nothing captured
        var refused = send(local);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(refused.body()).contains("Listen for a test request");

        List<Map<String, Object>> captured = new CopyOnWriteArrayList<>();
        try (var listening = TenantContext.callAsTenant(owner.tenantId(), () -> samples.listen(workflow.getId(), Duration.ofMinutes(1), captured::add))) {
            var answer = send(local);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"captured\":true");
        }
        assertThat(captured).singleElement().satisfies(input -> {
            assertThat(input).containsEntry("method", "POST");
            assertThat((Map<String, Object>) input.get("body")).containsEntry("orderId", "A-7");
            assertThat((Map<String, Object>) input.get("headers")).containsKey("x-shop").doesNotContainKeys("authorization", "x-signature");
        });
        // one capture per listen; no run was started (the workflow is not even published)
        assertThat(send(local).statusCode()).isEqualTo(409);
        assertThat(TenantContext.callAsTenant(owner.tenantId(), () -> runs.list(workflow.getId(), null, false, null, 5).items())).isEmpty();
    }

    private HttpResponse<String> send(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json").header("Authorization", "Bearer sekrit")
                .header("X-Signature", "abc").header("X-Shop", "acme")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\": \"A-7\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
