package io.flowmeter.engine.service;

import io.flowmeter.connection.Connections;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.connector.spi.Redactor;
import io.flowmeter.connector.spi.StepContext;
import io.flowmeter.connector.spi.StepLogger;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.template.TemplateException;
import io.flowmeter.template.Templates;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Calls a step's connector once, outside any transaction: renders its parameters, adds its connection's credentials
 * (refreshing an OAuth2 token once when the service rejects it), holds it to its timeout on a thread of its own, and
 * turns whatever happened into an {@link Outcome} that can be stored: every secret the call used removed from it and
 * from its log, NULs replaced, nesting checked.
 */
@Component
class ConnectorCall {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(ConnectorCall.class);

    /** The outcome of one attempt, from the connector or from failing to call it. */
    sealed interface Outcome {
        record Done(ActionResult result) implements Outcome {
        }

        record Failed(String error, boolean retryable, @Nullable Duration retryAfter, boolean rateLimited) implements Outcome {
            Failed(String error, boolean retryable, @Nullable Duration retryAfter) {
                this(error, retryable, retryAfter, false);
            }
        }
    }

    /** A call's storable outcome and its log (null when it wrote none), both free of the secrets it used. */
    record Result(Outcome outcome, @Nullable String log) {
    }

    private final Templates templates;
    private final Connections connections;
    private final ChildRuns children;
    private final NodeShutdown shutdown;
    private final RunTracing tracing;
    private final ExecutorService callers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "flowmeter-connector-call");
        thread.setDaemon(true);
        return thread;
    });

    ConnectorCall(Templates templates, Connections connections, ChildRuns children, NodeShutdown shutdown, RunTracing tracing) {
        this.shutdown = shutdown;
        this.tracing = tracing;
        this.templates = templates;
        this.connections = connections;
        this.children = children;
    }

    @jakarta.annotation.PreDestroy
    void stopCalls() {
        callers.shutdownNow();
    }

    static String idempotencyKey(UUID runId, String nodeId, int attempt) {
        return UUID.nameUUIDFromBytes((runId + "/" + nodeId + "/" + attempt).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A step's log: timestamped lines, at most 20,000 characters (a step test writes its lines the same way). */
    static StepLogger logger(StringBuilder logs) {
        return new StepLogger() {
            @Override
            public void info(String message) {
                append("INFO", message);
            }

            @Override
            public void warn(String message) {
                append("WARN", message);
            }

            private void append(String level, String message) {
                synchronized (logs) {
                    if (logs.length() < 20_000) {
                        logs.append(Instant.now()).append(' ').append(level).append(' ').append(message).append('\n');
                    }
                }
            }
        };
    }

    /**
     * Calls {@code node}'s action for attempt {@code job} of the run, its parameters rendered from {@code model}
     * (read in the transaction that prepared the step).
     */
    Result call(RunRow run, Node node, ConnectorRegistry.Resolved action, Map<String, Object> model, StepJob job) {
        var logs = new StringBuilder();
        var used = new AtomicReference<>(Redactor.none());
        Outcome outcome;
        try (RunTracing.StepSpan span = tracing.step(run, node, job)) {
            outcome = storable(redacted(run(run, node, action, model, job, logs, used), used.get()), logger(logs));
            span.outcome(outcome);
        }
        String logged;
        synchronized (logs) { // a connector call abandoned at its timeout may still be writing
            logged = logs.toString();
        }
        return new Result(outcome, logged.isEmpty() ? null : StorableOutput.cleanText(used.get().redact(logged)));
    }

    private Outcome run(RunRow run, Node node, ConnectorRegistry.Resolved action, Map<String, Object> model, StepJob job,
                        StringBuilder logs, AtomicReference<Redactor> used) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) templates.renderValue(node.paramsOrEmpty(), model);
            Credentials credentials = null;
            if (node.connection() != null) {
                credentials = connections.credentials(node.connection()).orElseThrow(() ->
                        ActionException.permanent("Connection " + node.connection() + " is not available in this organization"));
                used.set(used.get().and(credentials));
            }
            Duration timeout = node.timeoutMs() == null ? DEFAULT_TIMEOUT : Duration.ofMillis(node.timeoutMs());
            String key = idempotencyKey(job.runId(), node.id(), job.attempt());
            var request = new ActionRequest(params, credentials, key, logger(logs), timeout, context(run, node.id(), job));
            try {
                return new Outcome.Done(execute(action, request, timeout));
            } catch (ActionException e) {
                if (!e.unauthorized() || credentials == null || !credentials.refreshable()) {
                    throw e;
                }
                // the service rejected an OAuth2 token it should have accepted: refresh it once and try again
                request.logger().info("Unauthorized; refreshing the connection's token and trying once more");
                Credentials refreshed = connections.refreshed(node.connection(), credentials);
                used.set(used.get().and(refreshed));
                var retry = new ActionRequest(params, refreshed, key, request.logger(), timeout, request.context());
                return new Outcome.Done(execute(action, retry, timeout));
            }
        } catch (ActionException e) {
            if (e.rateLimited() && node.connection() != null) {
                connections.rateLimited(node.connection());
            }
            return new Outcome.Failed(e.getMessage(), e.retryable(), e.retryAfter(), e.rateLimited());
        } catch (TemplateException e) {
            return new Outcome.Failed("Parameters could not be rendered: " + e.getMessage(), false, null);
        } catch (NodeShutdown.StepReleased e) {
            throw e;
        } catch (RuntimeException e) {
            // the exception's message may hold what a service echoed: only its redacted form reaches the log
            log.warn("Step {} of run {} failed unexpectedly: {} at {}", node.id(), job.runId(), used.get().redact(String.valueOf(e)),
                    e.getStackTrace().length == 0 ? "?" : e.getStackTrace()[0]);
            return new Outcome.Failed("Unexpected error: " + (e.getMessage() == null ? "no details" : e.getMessage()), false, null);
        }
    }

    private ActionResult execute(ConnectorRegistry.Resolved action, ActionRequest request, Duration timeout) throws ActionException {
        return action.action().quick()
                ? action.connector().execute(action.action().key(), request)
                : withTimeout(action, request, timeout);
    }

    /**
     * Runs a connector call under the step's timeout, on a separate thread so that a connector that ignores the
     * timeout cannot hold the step forever: at the deadline the attempt fails as retryable and the call is
     * interrupted. (Quick logic steps run inline.)
     */
    private ActionResult withTimeout(ConnectorRegistry.Resolved action, ActionRequest request, Duration timeout) throws ActionException {
        UUID tenant = TenantContext.requireTenant();
        // the call runs on another thread: it works in the same tenant (a sub-workflow starts a run there) and within
        // the step's trace span, when tracing is on (its HTTP calls carry it)
        var call = callers.submit(io.opentelemetry.context.Context.current().wrap(() -> {
            try (var scope = TenantContext.bind(tenant)) {
                return action.connector().execute(action.action().key(), request);
            }
        }));
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw ActionException.retryable("The step did not finish within its timeout of " + timeout.toMillis() + " ms", null, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ActionException actionException) {
                throw actionException;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            if (shutdown.stopping()) {
                throw new NodeShutdown.StepReleased();
            }
            throw ActionException.retryable("Interrupted while waiting for the step", null, e);
        }
    }

    /** Every secret value the step used, removed from what it produced (a service may echo its credentials back). */
    private static Outcome redacted(Outcome outcome, Redactor redactor) {
        if (redactor.isEmpty()) {
            return outcome;
        }
        if (outcome instanceof Outcome.Failed failed) {
            return new Outcome.Failed(redactor.redact(failed.error()), failed.retryable(), failed.retryAfter(), failed.rateLimited());
        }
        try {
            return new Outcome.Done(mapResult(((Outcome.Done) outcome).result(), value -> value == null ? null : redactor.redactValue(value)));
        } catch (ActionException e) {
            throw new IllegalStateException(e); // redacting refuses nothing
        }
    }

    /** NULs replaced and nesting checked, so that recording the outcome cannot fail on its data. */
    private static Outcome storable(Outcome outcome, StepLogger logger) {
        if (outcome instanceof Outcome.Failed failed) {
            return new Outcome.Failed(StorableOutput.cleanText(failed.error()), failed.retryable(), failed.retryAfter(), failed.rateLimited());
        }
        try {
            return new Outcome.Done(mapResult(((Outcome.Done) outcome).result(), value -> StorableOutput.clean(value, logger)));
        } catch (ActionException e) {
            return new Outcome.Failed(e.getMessage(), false, null);
        }
    }

    private interface ValueMapper {
        @Nullable Object apply(@Nullable Object value) throws ActionException;
    }

    /** The result with every value it will store passed through {@code mapper}. */
    private static ActionResult mapResult(ActionResult result, ValueMapper mapper) throws ActionException {
        if (result instanceof ActionResult.Completed completed) {
            return new ActionResult.Completed(mapper.apply(completed.output()));
        }
        if (result instanceof ActionResult.WaitUntil wait) {
            return new ActionResult.WaitUntil(wait.until(), mapper.apply(wait.output()));
        }
        if (result instanceof ActionResult.WaitForSignal wait) {
            return new ActionResult.WaitForSignal(wait.kind(), wait.timeoutAt(), mapper.apply(wait.timeoutOutput()), mapper.apply(wait.waitingInfo()));
        }
        ActionResult.Loop loop = (ActionResult.Loop) result;
        Object items = mapper.apply(loop.items());
        return new ActionResult.Loop(items instanceof List<?> list ? new ArrayList<>(list) : List.of(), loop.concurrency(), loop.continueOnError());
    }

    private StepContext context(RunRow run, String nodeId, StepJob job) {
        return new StepContext() {
            @Override
            public UUID tenantId() {
                return run.tenantId();
            }

            @Override
            public UUID runId() {
                return run.id();
            }

            @Override
            public String nodeId() {
                return nodeId;
            }

            @Override
            public int attempt() {
                return job.attempt();
            }

            @Override
            public UUID startChildRun(UUID workflowId, Map<String, Object> input) throws ActionException {
                return children.startSubWorkflow(run, job, workflowId, input);
            }
        };
    }
}
