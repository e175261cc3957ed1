package io.flowmeter.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.support.BrowserTest;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.trigger.webhook.WebhookService;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs as a user sees them in the browser: a webhook's run turning green step by step in the open run view, a
 * failure explained and re-run from the failed step once fixed, an approval decided in the run view, a run found by
 * its business key, and parked runs retried in bulk.
 */
class RunsE2ETest extends BrowserTest {

    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired WebhookService webhooks;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;
    @Autowired ObjectMapper json;

    HttpServer payments;
    final AtomicBoolean healthy = new AtomicBoolean(false);
    TestData.Owner owner;

    @BeforeEach
    void startPaymentsApi() throws Exception {
        payments = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        payments.createContext("/charge", exchange -> {
            boolean ok = healthy.get();
            byte[] body = (ok ? "{\"charged\": true}" : "{\"error\": \"field amount is required\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(ok ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        payments.start();
    }

    @AfterEach
    void stopPaymentsApi() {
        payments.stop(0);
    }

    private void signInAs(String label) {
        owner = data.newTenant(label);
        TestData.signInAs(owner);
        page.navigate(url("/"));
        signIn(page, owner.user().getEmail(), TestData.PASSWORD);
        assertThat(page.locator("#welcome")).isVisible();
    }

    private <T> T inTenant(Callable<T> work) {
        TestData.signInAs(owner);
        return TenantContext.callAsTenant(owner.tenantId(), () -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private UUID publish(String definition) {
        return inTenant(() -> {
            UUID id = workflows.create(json.readValue(definition, WorkflowDefinition.class)).getId();
            workflows.publish(id);
            return id;
        });
    }

    private String chargingWorkflow(String name) {
        return """
                {"name": "%s", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "charge", "name": "Charge the card", "type": "http.request",
                   "params": {"url": "http://127.0.0.1:%d/charge", "method": "POST", "body": {"order": "{{trigger.order}}"}},
                   "retry": {"maxAttempts": 1}},
                  {"id": "done", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "charge"}, {"from": "charge", "to": "done"}]}
                """.formatted(name, payments.getAddress().getPort());
    }

    @Test
    void theOpenRunViewTurnsGreenStepByStepWhileAWebhookRunGoesOn() throws Exception {
        signInAs("runs-live");
        UUID workflow = publish("""
                {"name": "Live order", "nodes": [{"id": "hook", "type": "trigger.webhook"},
                  {"id": "first", "name": "Wait for stock", "type": "core.delay", "params": {"duration": "PT3S"}},
                  {"id": "shape", "type": "core.transform", "params": {"value": {"order": "{{trigger.body.order}}"}}},
                  {"id": "second", "name": "Wait for courier", "type": "core.delay", "params": {"duration": "PT3S"}},
                  {"id": "done", "type": "core.noop"}],
                 "edges": [{"from": "hook", "to": "first"}, {"from": "first", "to": "shape"}, {"from": "shape", "to": "second"},
                           {"from": "second", "to": "done"}]}""");
        String hook = inTenant(() -> webhooks.hook(workflow).url());
        page.navigate(url("/runs"));
        assertThat(page.locator("#runs-grid, .fm-empty-state").first()).isVisible();

        var fired = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(hook.substring(hook.indexOf("/hooks/")))))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"order\": \"A-1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fired.statusCode()).isEqualTo(202);
        // the open list announces the run; opening it shows the canvas while the run goes on
        page.locator("#runs-new").click();
        page.locator("vaadin-grid-cell-content", new Page.LocatorOptions().setHasText("Live order")).first().click();
        page.waitForURL(u -> u.matches(".*/runs/[0-9a-f-]{36}$"));
        recordNodeStates(page);
        assertThat(page.locator("#run-status")).hasText("running");
        assertThat(page.locator("#run-status")).hasText("succeeded", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions()
                .setTimeout(20_000));
        assertThat(page.locator(".fm-node-status-succeeded")).hasCount(5);
        List<String> states = recordedNodeStates(page);
        // intermediate states seen live, in order: the second wait waited while the first had already succeeded
        assertThat(states).contains("second:waiting", "second:succeeded", "done:succeeded");
        assertThat(states.indexOf("first:succeeded")).isLessThan(states.indexOf("second:waiting"));
        assertThat(states.indexOf("second:waiting")).isLessThan(states.indexOf("second:succeeded"));
        assertThat(page.locator("#run-timeline-totals")).containsText("waiting");
        screenshot("run-live-succeeded");
    }

    @Test
    void aFailureIsExplainedAndReRunFromTheFailedStepOnceFixed() {
        signInAs("runs-fix");
        UUID workflow = publish(chargingWorkflow("Charge orders"));
        UUID failed = inTenant(() -> runs.start(workflow, Map.of("order", "A-2"), "manual"));
        inTenant(() -> completions.await(failed, Duration.ofSeconds(10)));

        page.navigate(url("/runs/" + failed));
        assertThat(page.locator("#run-status")).hasText("failed");
        assertThat(page.locator("#run-failure")).containsText("Step “Charge the card” failed. 127.0.0.1 refused what the step sent (HTTP 400)");
        page.locator("#run-failure-show").click();
        assertThat(page.locator("#run-step-advice")).containsText("refused what the step sent");
        assertThat(page.locator("#run-step-todo")).containsText("Fix the step's fields");
        screenshot("run-failed-explained");

        healthy.set(true); // the cause is fixed
        page.locator("#run-rerun-failed").click();
        page.waitForURL(u -> !u.endsWith(failed.toString()));
        assertThat(page.locator("#run-status")).hasText("succeeded", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions()
                .setTimeout(15_000));
        assertThat(page.locator("#run-link-original")).hasAttribute("href", "runs/" + failed);
        page.locator("#run-link-original").click();
        assertThat(page.locator("#run-links")).containsText("Re-run as");
    }

    @Test
    void anApprovalIsApprovedFromTheRunView() {
        signInAs("runs-approve");
        UUID workflow = publish("""
                {"name": "Refunds", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "ask", "name": "Manager approves", "type": "core.approval", "params": {"message": "Refund {{trigger.amount}} EUR?"}},
                  {"id": "done", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "ask"}, {"from": "ask", "to": "done"}]}""");
        UUID run = inTenant(() -> runs.start(workflow, Map.of("amount", 30), "manual"));
        page.navigate(url("/runs/" + run));
        assertThat(page.locator(".fm-node-status-waiting")).hasCount(1);
        page.locator(".react-flow__node[data-id='ask'] .fm-node-name").click();
        assertThat(page.locator("#run-step-approval-message")).hasText("“Refund 30 EUR?”");
        page.locator("#run-approval-comment textarea").fill("Customer is right");
        screenshot("run-approval");
        page.locator("#run-approve").click();
        assertThat(page.locator("#run-status")).hasText("succeeded");
        assertThat(page.locator(".fm-node-status-succeeded")).hasCount(3);
    }

    @Test
    void aBusinessKeySearchFindsTheRun() {
        signInAs("runs-key");
        UUID workflow = publish("""
                {"name": "Orders by key", "businessKey": "{{trigger.order}}",
                 "nodes": [{"id": "t", "type": "trigger.manual"}, {"id": "done", "type": "core.noop"}], "edges": [{"from": "t", "to": "done"}]}""");
        UUID first = inTenant(() -> runs.start(workflow, Map.of("order", "A-1001"), "manual"));
        UUID second = inTenant(() -> runs.start(workflow, Map.of("order", "A-1002"), "manual"));
        inTenant(() -> completions.await(second, Duration.ofSeconds(10)));
        inTenant(() -> completions.await(first, Duration.ofSeconds(10)));

        page.navigate(url("/runs"));
        page.locator("#runs-key input").fill("A-1002");
        page.waitForURL(u -> u.contains("key=A-1002"));
        page.waitForFunction("() => document.querySelector('#runs-grid').size === 1"); // only the run of order A-1002
        page.locator("vaadin-grid-cell-content", new Page.LocatorOptions().setHasText("A-1002")).first().click();
        page.waitForURL(u -> u.endsWith(second.toString()));
        assertThat(page.locator("#run-meta")).containsText("key A-1002");
    }

    @Test
    void parkedRunsAreRetriedInBulk() {
        signInAs("runs-bulk");
        UUID workflow = publish(chargingWorkflow("Charge in bulk"));
        UUID one = inTenant(() -> runs.start(workflow, Map.of("order", "B-1"), "manual"));
        UUID two = inTenant(() -> runs.start(workflow, Map.of("order", "B-2"), "manual"));
        inTenant(() -> completions.await(one, Duration.ofSeconds(10)));
        inTenant(() -> completions.await(two, Duration.ofSeconds(10)));
        healthy.set(true);

        page.navigate(url("/runs?status=PARKED"));
        assertThat(page.locator("#runs-status")).containsText("Parked");
        page.locator("#runs-bulk-retry").click();
        assertThat(page.locator("vaadin-confirm-dialog-overlay")).containsText("Retry 2 runs?");
        screenshot("runs-bulk-confirm");
        page.locator("vaadin-confirm-dialog-overlay vaadin-button[slot='confirm-button']").click();
        assertThat(page.locator("vaadin-notification-card").last()).containsText("Retried 2 runs");
        assertThat(page.locator(".fm-empty-state")).containsText("No runs match"); // nothing parked any more
        for (UUID original : List.of(one, two)) {
            UUID rerun = inTenant(() -> runs.links(original).reruns().get(0));
            inTenant(() -> completions.await(rerun, Duration.ofSeconds(10)));
            assertThat(inTenant(() -> runs.get(rerun).run().status().name())).isEqualTo("SUCCEEDED");
        }
    }
}
