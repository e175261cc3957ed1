package io.flowmeter.engine.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.bench.Figures;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's meters count what runs did, the gauges read the cluster's state, and Prometheus scrapes them (platform admins only). */
class EngineMetricsIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;
    @Autowired ObjectMapper json;
    @Autowired MeterRegistry registry;
    @Autowired EngineGauges gauges;
    @Autowired org.springframework.context.ApplicationContext context;

    double count(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void stepsAndRunsAreCountedPerConnectorAndOutcomeAndScrapedInPrometheusFormat() throws Exception {
        TestData.Owner owner = data.newTenant("metrics");
        TestData.signInAs(owner);
        WorkflowDefinition chain = json.readValue(Figures.chain(3), WorkflowDefinition.class);
        UUID workflow = TenantContext.callAsTenant(owner.tenantId(), () -> {
            UUID id = workflows.create(chain).getId();
            workflows.publish(id);
            return id;
        });
        double succeeded = count("flowmeter.steps", "connector", "core", "outcome", "succeeded");
        double started = count("flowmeter.steps.started", "connector", "core");
        double runsSucceeded = count("flowmeter.runs.finished", "outcome", "succeeded");

        for (int i = 0; i < 4; i++) {
            UUID run = TenantContext.callAsTenant(owner.tenantId(), () -> runs.start(workflow, Map.of(), "test"));
            completions.await(run, Duration.ofSeconds(20));
        }

        // other tests' runs may be counted meanwhile: at least these
        assertThat(count("flowmeter.steps", "connector", "core", "outcome", "succeeded") - succeeded).isGreaterThanOrEqualTo(12);
        assertThat(count("flowmeter.steps.started", "connector", "core") - started).isGreaterThanOrEqualTo(12);
        assertThat(count("flowmeter.runs.finished", "outcome", "succeeded") - runsSucceeded).isGreaterThanOrEqualTo(4);
        assertThat(registry.find("flowmeter.step.duration").tags("connector", "core").timer()).isNotNull()
                .satisfies(timer -> assertThat(timer.count()).isGreaterThanOrEqualTo(12));
        assertThat(registry.find("flowmeter.step.queue.wait").tags("connector", "core").timer()).isNotNull();

        gauges.runOnce();
        assertThat(registry.find("flowmeter.jobrunr.jobs").tags("state", "enqueued").gauge()).isNotNull();
        assertThat(registry.find("flowmeter.runs.active").tags("status", "running").gauge()).isNotNull();
        assertThat(registry.find("flowmeter.runs.parked").gauge()).isNotNull();

        assertThat(registry).isInstanceOfAny(PrometheusMeterRegistry.class, io.micrometer.core.instrument.composite.CompositeMeterRegistry.class);
        PrometheusMeterRegistry prometheus = registry instanceof PrometheusMeterRegistry p ? p
                : (PrometheusMeterRegistry) ((io.micrometer.core.instrument.composite.CompositeMeterRegistry) registry).getRegistries().stream()
                .filter(PrometheusMeterRegistry.class::isInstance).findFirst().orElseThrow();
        String scrape = prometheus.scrape();
        assertThat(scrape).contains("flowmeter_steps_total{").contains("connector=\"core\"").contains("outcome=\"succeeded\"")
                .contains("flowmeter_step_duration_seconds_bucket").contains("flowmeter_jobrunr_jobs{");

        // webhook requests by outcome, and the inbox depth, are there too
        double unknownHooks = count("flowmeter.webhook.requests", "outcome", "refused", "status", "404");
        var hook = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/hooks/whk_no-such-token"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hook.statusCode()).isEqualTo(404);
        assertThat(count("flowmeter.webhook.requests", "outcome", "refused", "status", "404")).isEqualTo(unknownHooks + 1);
        // the request was measured (http.server.requests) but, tracing being off, made no span: there is no tracer
        // (the server records its timer after the answer has left, so give it a moment)
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (registry.find("http.server.requests").tags("uri", "/hooks/{token}", "status", "404").timer() == null && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(registry.find("http.server.requests").tags("uri", "/hooks/{token}", "status", "404").timer()).isNotNull()
                .satisfies(timer -> assertThat(timer.count()).isPositive());
        assertThat(context.getBeansOfType(io.micrometer.tracing.handler.TracingObservationHandler.class)).isEmpty();
        assertThat(context.getBeansOfType(io.micrometer.tracing.Tracer.class)).isEmpty();
        assertThat(registry.find("flowmeter.webhook.inbox.depth").gauge()).isNotNull()
                .satisfies(depth -> assertThat(depth.value()).isGreaterThanOrEqualTo(0));

        // on the app's port the scrape is for platform admins: nobody signed in is not served it
        var anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isNotEqualTo(200);
        assertThat(anonymous.body()).doesNotContain("flowmeter_steps_total");
    }
}
