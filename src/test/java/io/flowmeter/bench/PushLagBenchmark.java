package io.flowmeter.bench;

import io.flowmeter.engine.service.RunService;
import io.flowmeter.support.BrowserTest;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Edge;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The push-lag benchmark (not part of the test gate; {@code bench/push.sh}): how long after a step settles the open
 * run view in headless Chromium shows it. A run of {@link #STEPS} delay steps ({@link #STEP_MS} ms each) is watched in
 * the browser, which timestamps every node's change of state; the lag of a step is the browser's time of its
 * "succeeded" minus the step's finish as the engine recorded it (same machine, same clock), so it holds the commit,
 * the event, the server's refresh, push and the browser's render. Prints percentiles and the machine.
 */
class PushLagBenchmark extends BrowserTest {

    static final int RUNS = 3;
    static final int STEPS = 20;
    static final int STEP_MS = 400;

    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;

    @Test
    void lagFromAStepSettlingToTheBrowserShowingIt() throws Exception {
        var owner = data.newTenant("push-bench");
        TestData.signInAs(owner);
        UUID workflow = TenantContext.callAsTenant(owner.tenantId(), () -> {
            UUID id = workflows.create(chain()).getId();
            workflows.publish(id);
            return id;
        });
        page.navigate(url("/"));
        signIn(page, owner.user().getEmail(), TestData.PASSWORD);
        assertThat(page.locator("#welcome")).isVisible();

        List<Long> lags = new ArrayList<>();
        for (int round = 0; round < RUNS; round++) {
            TestData.signInAs(owner);
            UUID run = TenantContext.callAsTenant(owner.tenantId(), () -> runs.start(workflow, Map.of(), "manual"));
            page.navigate(url("/runs/" + run));
            page.waitForSelector(".react-flow__node");
            page.evaluate("""
                    () => { window.fmSeen = {}; window.fmStart = Date.now();
                      const record = () => document.querySelectorAll('.react-flow__node').forEach(n => {
                        const id = n.getAttribute('data-id');
                        if (n.querySelector('.fm-node-status-succeeded') && !window.fmSeen[id]) window.fmSeen[id] = Date.now(); });
                      record(); new MutationObserver(record).observe(document.body, {subtree: true, attributes: true, childList: true}); }""");
            TenantContext.runAsTenant(owner.tenantId(), () -> {
                try {
                    completions.await(run, Duration.ofSeconds(60));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(page.locator("#run-status")).hasText("succeeded");
            @SuppressWarnings("unchecked")
            Map<String, Number> seen = (Map<String, Number>) page.evaluate("() => window.fmSeen");
            long observing = ((Number) page.evaluate("() => window.fmStart")).longValue();
            var details = TenantContext.callAsTenant(owner.tenantId(), () -> runs.get(run));
            for (var step : details.steps()) {
                String node = step.step().nodeId();
                Number shown = seen.get(node);
                // steps that had settled before the observer started are not measured
                if (!node.equals("t") && shown != null && step.step().finishedAt() != null
                        && step.step().finishedAt().toEpochMilli() > observing) {
                    lags.add(Math.max(0, shown.longValue() - step.step().finishedAt().toEpochMilli()) * 1_000_000L);
                }
            }
        }
        lags.sort(Long::compare);
        String report = "Push-lag benchmark (" + RUNS + " runs of " + STEPS + " delay steps of " + STEP_MS + " ms, run view open in headless Chromium)\n"
                + String.format("  step settled -> browser shows it   p50 %.0f ms  p95 %.0f ms  max %.0f ms  (%d steps)%n",
                BenchmarkSupport.ms(BenchmarkSupport.pct(lags, 50)), BenchmarkSupport.ms(BenchmarkSupport.pct(lags, 95)),
                BenchmarkSupport.ms(BenchmarkSupport.pct(lags, 100)), lags.size())
                + "  target: <= 1000 ms\n"
                + Machine.describe() + "\n";
        System.out.print(report);
        Files.writeString(Path.of("target", "push-benchmark.txt"), report);
    }

    static WorkflowDefinition chain() {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        nodes.add(new Node("t", "trigger.manual", null, null, null, null, null, null));
        String previous = "t";
        for (int i = 0; i < STEPS; i++) {
            String id = "wait" + i;
            // the first wait gives the browser time to open the view before anything is measured
            String duration = i == 0 ? "PT3S" : "PT0." + STEP_MS + "S";
            nodes.add(new Node(id, "core.delay", "Wait " + i, Map.of("duration", duration), null, null, null, null));
            edges.add(new Edge(previous, id, null, null));
            previous = id;
        }
        return new WorkflowDefinition("Push lag", null, nodes, edges);
    }
}
