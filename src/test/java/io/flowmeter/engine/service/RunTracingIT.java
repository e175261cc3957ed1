package io.flowmeter.engine.service;

import com.sun.net.httpserver.HttpServer;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With tracing on, a run is one trace: its id is the run's, each step attempt is a span under the run's span, the
 * run's span covers the run from its creation to its end, and a step's HTTP call carries the step's span in
 * {@code traceparent}. Spans name no secret. (A context of its own: every other test runs with tracing off, the default.)
 */
@AutoConfigureObservability(metrics = false)
@TestPropertySource(properties = {"management.tracing.enabled=true", "management.tracing.sampling.probability=1.0",
        "management.otlp.tracing.export.enabled=false"})
@Import(RunTracingIT.Collector.class)
@DirtiesContext // closed after this class: no second context (database, job server) for the rest of the suite
class RunTracingIT extends IntegrationTest {

    static final String KEY = "fmk_test-demo-key-0123456789abcdef";

    @TestConfiguration(proxyBeanMethods = false)
    static class Collector {
        @Bean
        Spans spans() {
            return new Spans();
        }
    }

    /** Keeps what the SDK exports, as a collector would receive it. */
    static class Spans implements SpanExporter {
        final List<SpanData> exported = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            exported.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @LocalServerPort int port;
    @Autowired Spans spans;
    @Autowired SdkTracerProvider tracerProvider;
    @Autowired RunTracing tracing;
    @Autowired org.springframework.context.ApplicationContext context;

    HttpServer service;
    final List<String> traceparents = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startService() throws Exception {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/", exchange -> {
            traceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"ok\": true}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.start();
    }

    @AfterEach
    void stopService() {
        service.stop(0);
    }

    @Test
    void aRunIsOneTraceWithASpanPerStepAndItsHttpCallsCarryTheStepsSpan() throws Exception {
        assertThat(tracing.enabled()).isTrue();
        // with tracing on, requests and observed calls get Micrometer's tracing handlers (left out when it is off)
        assertThat(context.getBeansOfType(io.micrometer.tracing.handler.TracingObservationHandler.class)).isNotEmpty();
        var api = new ApiClient(port);
        String url = "http://127.0.0.1:" + service.getAddress().getPort() + "/hook";
        var run = api.runOnce("""
                {"name": "traced", "nodes": [{"id": "start", "type": "trigger.manual"},
                  {"id": "call", "type": "http.request", "params": {"method": "POST", "url": "%s", "body": {"a": 1}}},
                  {"id": "done", "type": "core.noop"}],
                 "edges": [{"from": "start", "to": "call"}, {"from": "call", "to": "done"}]}""".formatted(url), KEY);
        assertThat(run.at("/run/status").asText()).as("%s", run).isEqualTo("SUCCEEDED");
        UUID runId = UUID.fromString(run.at("/run/id").asText());
        String traceId = RunTraceIds.traceId(runId);
        assertThat(traceId).isEqualTo(runId.toString().replace("-", ""));

        // the run's span is written after the finishing step's commit, so a reader can see SUCCEEDED a moment before it
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            assertThat(tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            return spans.exported.stream().anyMatch(span -> span.getTraceId().equals(traceId) && span.getName().equals("run"));
        });
        List<SpanData> trace = spans.exported.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
        SpanData runSpan = trace.stream().filter(span -> span.getName().equals("run")).findFirst()
                .orElseThrow(() -> new AssertionError("no run span in " + trace));
        assertThat(runSpan.getSpanId()).isEqualTo(RunTraceIds.spanId(runId));
        assertThat(runSpan.getParentSpanContext().isValid()).as("the run's span is the trace's root").isFalse();
        assertThat(runSpan.getAttributes().asMap().toString()).contains("flowmeter.run.outcome=SUCCEEDED");

        SpanData call = step(trace, "call");
        SpanData done = step(trace, "done");
        for (SpanData step : List.of(call, done)) {
            assertThat(step.getParentSpanId()).isEqualTo(runSpan.getSpanId());
            assertThat(step.getStartEpochNanos()).isGreaterThanOrEqualTo(runSpan.getStartEpochNanos());
            assertThat(step.getEndEpochNanos()).isLessThanOrEqualTo(runSpan.getEndEpochNanos());
        }
        assertThat(call.getAttributes().asMap().toString()).contains("flowmeter.node.type=http.request", "flowmeter.step.outcome=done");
        // the step's HTTP call carried its span: the service's traces would join the run's
        assertThat(traceparents).containsExactly("00-" + traceId + "-" + call.getSpanId() + "-01");
        // ids, types and outcomes only: no parameters, outputs or URLs with their queries in the spans
        assertThat(trace.toString()).doesNotContain("\"a\"", "/hook", "ok");
    }

    private static SpanData step(List<SpanData> trace, String node) {
        return trace.stream().filter(span -> span.getName().equals("step " + node)).findFirst()
                .orElseThrow(() -> new AssertionError("no span of step " + node + " in " + trace));
    }
}
