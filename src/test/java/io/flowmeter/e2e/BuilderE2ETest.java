package io.flowmeter.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.sun.net.httpserver.HttpServer;
import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.support.BrowserTest;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.support.TestData;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builder's acceptance: a new user draws "webhook → HTTP request → Slack message" by dragging from the palette
 * and connecting handles, configures the steps with the connection picker and field suggestions, tests each step
 * with sample data, publishes, fires the webhook and sees the run succeed.
 */
class BuilderE2ETest extends BrowserTest {

    static final String ORDERS_TOKEN = "orders-token-0123456789";

    @Autowired TestData data;
    @Autowired ConnectionService connections;
    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;
    HttpServer orders;
    final AtomicInteger orderCalls = new AtomicInteger();

    @BeforeEach
    void startOrdersApi() throws Exception {
        orders = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        orders.createContext("/orders/", exchange -> {
            orderCalls.incrementAndGet();
            boolean ok = ("Bearer " + ORDERS_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && exchange.getRequestURI().getPath().equals("/orders/A-1001");
            byte[] body = (ok ? "{\"orderId\": \"A-1001\", \"customer\": \"Ada Lovelace\", \"total\": 42.5}" : "{\"error\": \"not found\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(ok ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        orders.start();
    }

    @AfterEach
    void stopOrdersApi() {
        orders.stop(0);
    }

    @Test
    void aNewUserDrawsTestsPublishesAndFiresWebhookToHttpToSlack() throws Exception {
        var owner = data.newTenant("builder-e2e");
        TestData.signInAs(owner);
        io.flowmeter.tenancy.TenantContext.runAsTenant(owner.tenantId(), () -> {
            connections.create("http", "Orders API", AuthKind.BEARER, Map.of("token", ORDERS_TOKEN));
            connections.create("slack", "Team Slack", AuthKind.BEARER, Map.of("token", "xoxb-e2e-0123456789"));
        });
        SLACK.answerJson(200, "{\"ok\": true, \"channel\": \"C0SALES\", \"ts\": \"1700000000.000100\"}")
                .answerJson(200, "{\"ok\": true, \"channel\": \"C0SALES\", \"ts\": \"1700000001.000200\"}")
                .answerJson(200, "{\"ok\": true, \"channel\": \"C0SALES\", \"ts\": \"1700000002.000300\"}");

        page.navigate(url("/workflows"));
        signIn(page, owner.user().getEmail(), TestData.PASSWORD);
        page.navigate(url("/workflows"));
        page.getByText("Create your first workflow").click();
        page.waitForURL(u -> u.matches(".*/workflows/[0-9a-f-]{36}$"));
        assertThat(page.locator("#builder-empty-hint")).isVisible();
        // the navigation drawer folds away on a laptop screen, leaving the canvas the room
        awaitBuilderSettled(page);
        page.locator("#builder-name input").fill("Order alert");
        page.locator("#builder-name input").press("Tab");

        // draw: three steps dragged from the palette, connected handle to handle
        Locator pane = page.locator(".react-flow__pane");
        BoundingBox box = pane.boundingBox();
        // a dropped step is centred where it is dropped; three side by side would not fit a laptop's canvas
        drag("trigger.webhook", "Webhook", pane, 140, box.height * 0.2);
        // the step panel the first drop opens lies over the canvas's right part: keep the second step clear of it
        drag("http.request", "HTTP request", pane, Math.min(box.width - 150, 400), box.height * 0.45);
        drag("slack.postMessage", "Post a message", pane, 140, box.height * 0.7);
        assertThat(page.locator(".react-flow__node-step")).hasCount(3);
        connect("webhook", "request");
        connect("request", "postMessage");
        assertThat(page.locator(".react-flow__edge")).hasCount(2);
        // an edge is selected by clicking it and removed with Delete; Ctrl+Z brings it back
        page.locator("[data-testid='rf__edge-webhook>request:out']").click();
        page.keyboard().press("Delete");
        assertThat(page.locator(".react-flow__edge")).hasCount(1);
        page.keyboard().press("Control+z");
        assertThat(page.locator(".react-flow__edge")).hasCount(2);
        assertThat(page.locator(".fm-node-invalid")).hasCount(2); // url and text still missing
        assertThat(page.locator("#builder-publish")).isDisabled();

        // the trigger's sample input is what the steps are tested with
        open("webhook", "Webhook");
        page.locator("#param-sampleInput textarea").fill("{\"body\": {\"orderId\": \"A-1001\"}}");
        page.locator("#param-sampleInput textarea").press("Tab");
        page.locator("#step-test").click();
        assertThat(page.locator("#step-test-status")).containsText("Succeeded");

        // HTTP request: connection from the picker, the order id inserted from the suggestions, previewed, tested
        open("request", "HTTP request");
        pick("#step-connection", "Orders API");
        page.locator("#param-url input").fill("http://127.0.0.1:" + orders.getAddress().getPort() + "/orders/");
        page.locator("#param-url input").press("Tab");
        page.locator("#insert-url").click();
        page.locator("vaadin-context-menu-item", new Page.LocatorOptions().setHasText("trigger.body.orderId")).click();
        assertThat(page.locator("#preview-url")).containsText("/orders/A-1001");
        page.locator("#step-test").click();
        assertThat(page.locator("#step-test-status")).containsText("Succeeded");
        assertThat(page.locator("#step-test-output")).containsText("Ada Lovelace");

        // Slack: its connection, a channel, a message using the tested output
        open("postMessage", "Post a message");
        pick("#step-connection", "Team Slack");
        page.locator("#param-channel input").fill("#sales");
        page.locator("#param-channel input").press("Tab");
        page.locator("#param-text textarea").fill("New order from");
        page.locator("#insert-text").click();
        page.locator("vaadin-context-menu-item", new Page.LocatorOptions().setHasText("steps.request.output.body.customer")).click();
        assertThat(page.locator("#preview-text")).containsText("New order from Ada Lovelace");
        page.locator("#step-test").click();
        assertThat(page.locator("#step-test-status")).containsText("Succeeded");
        assertThat(page.locator(".fm-node-invalid")).hasCount(0);
        screenshot("builder-configured");

        // the whole draft, end to end with the sample data
        page.locator("#builder-test-run").click();
        assertThat(page.locator("vaadin-notification-card").last()).containsText("Test finished: 3 succeeded, 0 failed");
        assertThat(page.locator(".fm-node-status-succeeded")).hasCount(3);

        // publish with a note
        assertThat(page.locator("#builder-publish")).isEnabled();
        page.locator("#builder-publish").click();
        page.locator("#publish-note textarea").fill("First version: tell #sales about new orders");
        page.locator("#publish-confirm").click();
        assertThat(page.locator("vaadin-notification-card").last()).containsText("Published version 1");

        // fire the webhook (its address is on the trigger's panel) and see the run succeed
        open("webhook", "Webhook");
        String shown = page.locator("#workflow-webhook-url input").inputValue();
        assertThat(shown).contains("/hooks/wh_");
        String hook = url(shown.substring(shown.indexOf("/hooks/"))); // shown with the public base URL; the test server listens elsewhere
        var fired = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hook)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\": \"A-1001\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fired.statusCode()).isEqualTo(202);
        UUID workflowId = UUID.fromString(page.url().substring(page.url().lastIndexOf('/') + 1));
        TestData.signInAs(owner);
        UUID runId = io.flowmeter.tenancy.TenantContext.callAsTenant(owner.tenantId(), () -> waitForRun(workflowId));
        completions.await(runId, Duration.ofSeconds(20));
        assertThat(io.flowmeter.tenancy.TenantContext.callAsTenant(owner.tenantId(), () -> runs.get(runId).run().status().name()))
                .isEqualTo("SUCCEEDED");
        assertThat(SLACK.last().body()).contains("#sales").contains("New order from Ada Lovelace");
        assertThat(SLACK.last().header("Authorization")).isEqualTo("Bearer xoxb-e2e-0123456789");

        page.navigate(url("/workflows"));
        page.locator("vaadin-grid-cell-content", new Page.LocatorOptions().setHasText("Published v1")).first().click();
        assertThat(page.locator("#workflow-runs")).containsText("succeeded");
        screenshot("workflows-list");

        // the run, step by step, on the canvas
        page.locator("#workflow-runs a").first().click();
        assertThat(page.locator("#run-status")).hasText("succeeded");
        assertThat(page.locator(".fm-node-status-succeeded")).hasCount(3);
        page.locator(".react-flow__node[data-id='postMessage'] .fm-node-name").click();
        assertThat(page.locator("#run-step-output")).containsText("1700000002.000300");
        screenshot("run-view");
        assertThat(io.flowmeter.tenancy.TenantContext.callAsTenant(owner.tenantId(), () -> workflows.search("Order alert",
                WorkflowService.ListFilter.PUBLISHED, PageRequest.of(0, 5)).getTotalElements())).isEqualTo(1L);
    }

    private UUID waitForRun(UUID workflowId) {
        for (int i = 0; i < 100; i++) {
            var items = runs.list(workflowId, null, false, null, 5).items();
            if (!items.isEmpty()) {
                return items.get(0).id();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("The webhook started no run");
    }

    /** Selects a step on the canvas and waits for its panel (the panel is rebuilt on the server's answer). */
    private void open(String id, String name) {
        assertThat(page.locator("vaadin-dialog-overlay[opened]")).hasCount(0); // a closing dialog would take the click
        page.locator(".react-flow__node[data-id='" + id + "'] .fm-node-name").click();
        assertThat(page.locator(".fm-panel-title")).hasText(name);
    }

    /** Drops a step from the palette and waits for the server's answer: the step on the canvas and its panel open. */
    private void drag(String type, String name, Locator pane, double x, double y) {
        // narrow the palette to the step first: a short list cannot scroll under the pointer while the previous
        // drop's panel renders (under CI load the long list once moved between locating and pressing, 2026-12-03).
        // The search rebuilds the items on the server's answer, so mark today's items and wait until none is left.
        page.evaluate("document.querySelectorAll('.fm-palette-item').forEach(el => el.setAttribute('data-e2e-old', ''))");
        page.locator("#palette-search input").fill(name);
        assertThat(page.locator(".fm-palette-item[data-e2e-old]")).hasCount(0);
        Locator item = page.locator(".fm-palette-item[data-step-type='" + type + "']");
        assertThat(item).isVisible();
        page.waitForFunction("""
                (sel) => new Promise(done => { const top = () => document.querySelector(sel)?.getBoundingClientRect().top;
                  const y = top(); requestAnimationFrame(() => requestAnimationFrame(() => done(y !== undefined && Math.abs(top() - y) < 1))); })""",
                ".fm-palette-item[data-step-type='" + type + "']");
        item.dragTo(pane,
                new Locator.DragToOptions().setTargetPosition(x, y));
        String id = type.substring(type.indexOf('.') + 1);
        try {
            assertThat(page.locator(".react-flow__node[data-id='" + id + "']")).isVisible();
        } catch (AssertionError e) {
            screenshot("builder-drop-failed-" + id); // seen once under CI load (2026-12-03): what the canvas showed
            throw e;
        }
        assertThat(page.locator(".fm-panel-title")).hasText(name);
        awaitStill(page, ".react-flow__node[data-id='" + id + "']");
    }

    private void connect(String from, String to) {
        // aim at the handles once the canvas has stopped moving (a panel opening beside it reflows it)
        awaitStill(page, ".react-flow__node[data-id='" + from + "']");
        awaitStill(page, ".react-flow__node[data-id='" + to + "']");
        BoundingBox source = page.locator(".react-flow__node[data-id='" + from + "'] .react-flow__handle.source[data-handleid='out']").boundingBox();
        BoundingBox target = page.locator(".react-flow__node[data-id='" + to + "'] .react-flow__handle.target").boundingBox();
        page.mouse().move(source.x + source.width / 2, source.y + source.height / 2);
        page.mouse().down();
        page.mouse().move((source.x + target.x) / 2, (source.y + target.y) / 2 + 10, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        page.mouse().move(target.x + target.width / 2, target.y + target.height / 2, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        page.mouse().up();
        assertThat(page.locator("[data-testid^='rf__edge-" + from + ">" + to + "']")).hasCount(1);
    }

    private void pick(String combo, String item) {
        page.locator(combo + " input").click();
        page.locator("vaadin-combo-box-item", new Page.LocatorOptions().setHasText(item)).first().click();
        assertThat(page.locator(combo + " input")).hasValue(item);
    }
}
