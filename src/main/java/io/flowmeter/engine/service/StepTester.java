package io.flowmeter.engine.service;

import io.flowmeter.connection.Connections;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.connector.spi.Redactor;
import io.flowmeter.connector.spi.StepContext;
import io.flowmeter.template.TemplateException;
import io.flowmeter.template.Templates;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.StepTests;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@link StepTests}: renders the step's parameters against the sample data and calls its connector as a step of a
 * run would (its connection's credentials, the same redaction of echoed secrets), but once, now, with at most 30
 * seconds, and storing nothing. Only people who may run workflows test steps: a test calls the real service.
 */
@Service
class StepTester implements StepTests {

    static final Duration LIMIT = Duration.ofSeconds(30);

    private final ConnectorRegistry connectors;
    private final Templates templates;
    private final Connections connections;
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "flowmeter-step-test");
        thread.setDaemon(true);
        return thread;
    });

    StepTester(ConnectorRegistry connectors, Templates templates, Connections connections) {
        this.connectors = connectors;
        this.templates = templates;
        this.connections = connections;
    }

    @Override
    @PreAuthorize("hasAnyRole('OPERATOR', 'API')")
    public Result test(Node node, Map<String, Object> data) {
        long started = System.nanoTime();
        StringBuilder logs = new StringBuilder();
        Redactor redactor = Redactor.none();
        Object input = null;
        try {
            var resolved = node.type() == null ? null : connectors.resolve(node.type()).orElse(null);
            if (resolved == null) {
                return failed(null, "Unknown step type '" + node.type() + "'", logs, started, redactor);
            }
            if (node.isTrigger()) {
                Object sample = data.get("trigger");
                return new Result(true, null, sample, null, "", millis(started), "A trigger's output is the run's input: here, the sample data");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) templates.renderValue(node.paramsOrEmpty(), data);
            input = params;
            Credentials credentials = null;
            if (node.connection() != null) {
                credentials = connections.credentials(node.connection()).orElseThrow(() ->
                        ActionException.permanent("Connection " + node.connection() + " is not available in this organization"));
                redactor = redactor.and(credentials);
            }
            Duration timeout = node.timeoutMs() == null || node.timeoutMs() > LIMIT.toMillis() ? LIMIT : Duration.ofMillis(node.timeoutMs());
            var request = new ActionRequest(params, credentials, "test-" + UUID.randomUUID(), ConnectorCall.logger(logs), timeout, context(node));
            UUID tenant = TenantContext.requireTenant();
            var call = calls.submit(() -> {
                try (var scope = TenantContext.bind(tenant)) {
                    return resolved.connector().execute(resolved.action().key(), request);
                }
            });
            ActionResult result;
            try {
                result = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                call.cancel(true);
                return failed(input, "No answer within " + timeout.toSeconds() + " s", logs, started, redactor);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                return failed(input, cause instanceof ActionException ? cause.getMessage() : "Unexpected error: " + cause, logs, started, redactor);
            }
            Object shownInput = redactor.redactValue(input);
            String shownLogs = redactor.redact(logs.toString());
            if (result instanceof ActionResult.WaitUntil wait) {
                return new Result(true, shownInput, redacted(redactor, wait.output()), null, shownLogs, millis(started),
                        "In a run, this step would wait until " + wait.until());
            }
            if (result instanceof ActionResult.WaitForSignal wait) {
                return new Result(true, shownInput, null, null, shownLogs, millis(started),
                        "In a run, this step would wait for " + wait.kind() + (wait.timeoutAt() == null ? "" : " until " + wait.timeoutAt()));
            }
            if (result instanceof ActionResult.Loop loop) {
                return new Result(true, shownInput, Map.of("items", loop.items().size()), null, shownLogs, millis(started),
                        "In a run, the loop's steps would run for each of its " + loop.items().size() + " items, " + loop.concurrency() + " at a time");
            }
            return new Result(true, shownInput, redacted(redactor, ((ActionResult.Completed) result).output()), null, shownLogs, millis(started), null);
        } catch (TemplateException e) {
            return failed(input, "Parameters could not be rendered: " + e.getMessage(), logs, started, redactor);
        } catch (ActionException e) {
            return failed(input, e.getMessage(), logs, started, redactor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(input, "Interrupted", logs, started, redactor);
        } catch (org.springframework.security.access.AccessDeniedException e) {
            throw e;
        } catch (RuntimeException e) {
            return failed(input, "Unexpected error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), logs, started, redactor);
        }
    }

    private static @Nullable Object redacted(Redactor redactor, @Nullable Object value) {
        return value == null ? null : redactor.redactValue(value);
    }

    private static Result failed(@Nullable Object input, String error, StringBuilder logs, long started, Redactor redactor) {
        return new Result(false, input == null ? null : redactor.redactValue(input), null, redactor.redact(error),
                redactor.redact(logs.toString()), millis(started), null);
    }

    private static long millis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static StepContext context(Node node) {
        UUID tenant = TenantContext.requireTenant();
        return new StepContext() {
            @Override
            public UUID tenantId() {
                return tenant;
            }

            @Override
            public UUID runId() {
                return new UUID(0, 0);
            }

            @Override
            public String nodeId() {
                return node.id() == null ? "" : node.id();
            }

            @Override
            public int attempt() {
                return 1;
            }

            @Override
            public UUID startChildRun(UUID workflowId, Map<String, Object> input) throws ActionException {
                throw ActionException.permanent("A test does not start other workflows; publish both and run them to try this step");
            }
        };
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        calls.shutdownNow();
    }
}
