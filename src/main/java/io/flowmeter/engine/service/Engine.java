package io.flowmeter.engine.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flowmeter.connection.Connections;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.connector.spi.Redactor;
import io.flowmeter.connector.spi.StepContext;
import io.flowmeter.connector.spi.StepLogger;
import io.flowmeter.engine.Settlement;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.Scheduler;
import io.flowmeter.engine.domain.Scheduler.Decision;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.service.RunStore.SettledStep;
import io.flowmeter.engine.service.RunStore.StepRow;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.template.TemplateException;
import io.flowmeter.template.Templates;
import io.flowmeter.workflow.domain.Graph;
import io.flowmeter.workflow.domain.RetryPolicy;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Edge;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.service.WorkflowService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The durable state machine of runs. Every change is a short transaction that locks the run row, makes a
 * conditional status change (so duplicate and stale jobs change nothing) and decides what runs next; jobs are
 * handed to JobRunr only after that transaction committed, and recovery re-dispatches anything a crash left
 * committed but not dispatched. Connectors run outside any transaction.
 */
@Component
public class Engine {

    static final int MAX_OUTPUT_BYTES = 1_000_000;
    static final int EVENTS_PER_NOTIFY = 25;
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    /**
     * A published definition with its graph, the steps each node's templates read, and the loop each node belongs
     * to (nodes outside every loop's body are absent).
     */
    record Loaded(WorkflowDefinition definition, Graph graph, Map<String, Set<String>> reads, Map<String, String> scopes) {
        Node node(String nodeId) {
            return definition.node(nodeId).orElseThrow(() -> new IllegalStateException("No node " + nodeId));
        }

        /** The nodes a run has rows for: the whole graph outside loops, or (for a loop item's run) that loop's body. */
        boolean inScope(String nodeId, @Nullable String scope) {
            return java.util.Objects.equals(scopes.get(nodeId), scope);
        }
    }

    /**
     * What starting a run needs. {@code scope} is set for the run of one loop item: the loop node, whose body the run
     * executes; {@code copied} then holds the steps before the loop and the loop itself (its output is the item).
     */
    public record Start(UUID runId, UUID workflowId, WorkflowVersion version, Object input, String triggerKind,
                        @Nullable UUID parentRunId, @Nullable UUID parentStepId, @Nullable UUID rerunOf,
                        Map<String, SettledStep> copied, @Nullable String scope) {

        public Start(UUID runId, UUID workflowId, WorkflowVersion version, Object input, String triggerKind,
                     @Nullable UUID parentRunId, @Nullable UUID parentStepId, @Nullable UUID rerunOf, Map<String, SettledStep> copied) {
            this(runId, workflowId, version, input, triggerKind, parentRunId, parentStepId, rerunOf, copied, null);
        }
    }

    private final RunStore store;
    private final WorkflowService workflows;
    private final ConnectorRegistry connectors;
    private final Connections connections;
    private final Templates templates;
    private final JobDispatcher dispatcher;
    private final ApplicationEventPublisher publisher;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final WorkNotifier notifier;
    private final List<RunFailures> failures;
    private final List<io.flowmeter.engine.SettlementListener> settlements;
    private final Cache<UUID, Loaded> definitions = Caffeine.newBuilder().maximumSize(2_000).build();

    Engine(RunStore store, WorkflowService workflows, ConnectorRegistry connectors, Connections connections, Templates templates,
           JobDispatcher dispatcher, ApplicationEventPublisher publisher, TransactionTemplate tx, ObjectMapper json,
           WorkNotifier notifier, List<RunFailures> failures, List<io.flowmeter.engine.SettlementListener> settlements) {
        this.store = store;
        this.workflows = workflows;
        this.connectors = connectors;
        this.connections = connections;
        this.templates = templates;
        this.dispatcher = dispatcher;
        this.publisher = publisher;
        this.tx = tx;
        this.json = json;
        this.notifier = notifier;
        this.failures = List.copyOf(failures);
        this.settlements = List.copyOf(settlements);
    }

    // ---------------------------------------------------------------- starting

    /** Stores the run and its steps and dispatches the first ready steps; idempotent on the run id. */
    public UUID start(Start start) {
        Loaded loaded = load(start.version());
        String input = write(start.input());
        String businessKey = start.scope() == null ? businessKey(loaded.definition().businessKey(), start.input()) : null;
        tx.executeWithoutResult(status -> {
            UUID tenantId = io.flowmeter.tenancy.TenantContext.requireTenant();
            if (!store.insertRun(start.runId(), tenantId, start.workflowId(), start.version().getId(), start.version().getNumber(),
                    start.triggerKind(), input, start.parentRunId(), start.parentStepId(), start.rerunOf(), start.scope(), businessKey)) {
                return; // already started (a re-delivered request)
            }
            Map<String, SettledStep> settled = new HashMap<>(start.copied());
            loaded.definition().trigger().ifPresent(trigger -> settled.put(trigger.id(), new SettledStep(StepStatus.SUCCEEDED, input, null)));
            Set<String> nodes = new java.util.LinkedHashSet<>(settled.keySet());
            loaded.graph().nodeIds().stream().filter(id -> loaded.inScope(id, start.scope())).forEach(nodes::add);
            store.insertSteps(tenantId, start.runId(), nodes, settled);
            Events events = new Events(tenantId, start.runId());
            events.add(null, RunEvent.Type.RUN_STARTED);
            // the row was inserted by this transaction, so it is already ours: no lock needed
            Instant now = Instant.now();
            RunRow run = new RunRow(start.runId(), tenantId, start.workflowId(), start.version().getId(), start.version().getNumber(),
                    RunStatus.RUNNING, start.triggerKind(), input, null, null, false, start.parentRunId(), start.parentStepId(),
                    start.rerunOf(), now, now, null, start.scope(), businessKey);
            advance(run, loaded, events);
            events.flush();
        });
        return start.runId();
    }

    /** The longest business key kept; longer ones are cut (the key is for finding a run, not for storing data). */
    public static final int MAX_BUSINESS_KEY = 200;

    /**
     * The run's business key: the definition's template over the trigger's data, trimmed and cut to
     * {@link #MAX_BUSINESS_KEY}; none when there is no template, it renders empty, or it cannot render (a missing
     * field must not stop the run).
     */
    @Nullable String businessKey(@Nullable String template, Object input) {
        if (template == null || template.isBlank()) {
            return null;
        }
        try {
            String key = templates.render(template, Map.of("trigger", input)).strip();
            if (key.isEmpty()) {
                return null;
            }
            return key.length() > MAX_BUSINESS_KEY ? key.substring(0, MAX_BUSINESS_KEY) : key;
        } catch (TemplateException e) {
            log.debug("Business key not rendered: {}", e.getMessage());
            return null;
        }
    }

    /**
     * A step's parameters rendered from the run's data as they stand (the trigger's input and the outputs of the steps it
     * reads), for people inspecting a run; connections' secrets are never part of that data. Call inside a transaction.
     */
    Object renderedInput(RunRow run, String nodeId, int attempt) {
        Loaded loaded = load(run.versionId());
        Node node = loaded.definition().node(nodeId).orElse(null);
        if (node == null || node.isTrigger()) {
            return read(run.input());
        }
        Object rendered = templates.renderValue(node.paramsOrEmpty(), model(run, loaded.reads().getOrDefault(nodeId, Set.of()), Math.max(1, attempt)));
        return rendered == null ? Map.of() : rendered;
    }

    // ---------------------------------------------------------------- jobs

    void handle(StepJob job) {
        switch (job.mode()) {
            case EXECUTE -> execute(job);
            case RESUME -> endWait(job, "delay", null);
            case TIMEOUT -> endWait(job, "approval", null);
            case SIGNAL -> collectChild(job);
        }
    }

    private record Prepared(RunRow run, StepRow step, Loaded loaded, Node node, ConnectorRegistry.Resolved action,
                            Map<String, Object> model) {
    }

    private void execute(StepJob job) {
        Prepared prepared = tx.execute(status -> prepare(job));
        if (prepared == null) {
            return;
        }
        UUID connection = prepared.node().connection();
        if (connection != null) {
            // the connection's rate limit is shared by every workflow of the tenant: over it, wait (durably, no thread held)
            var wait = connections.throttle(connection).orElse(null);
            if (wait != null) {
                Instant wakeAt = Instant.now().plus(wait);
                if (Boolean.TRUE.equals(tx.execute(status -> store.defer(job.stepId(), job.attempt(), wakeAt)))) {
                    dispatcher.redispatchAt(job, wakeAt);
                }
                return;
            }
        }
        Instant started = Instant.now();
        if (!prepared.action().action().quick()) {
            Boolean marked = tx.execute(status -> {
                if (!store.markRunning(job.stepId(), job.attempt(), started)) {
                    return false;
                }
                Events events = new Events(prepared.run().tenantId(), job.runId());
                events.add(prepared.node().id(), RunEvent.Type.STEP_STARTED);
                events.flush();
                return true;
            });
            if (!Boolean.TRUE.equals(marked)) {
                return;
            }
        }
        var logs = new StringBuilder();
        var used = new java.util.concurrent.atomic.AtomicReference<>(Redactor.none());
        Outcome outcome = storable(redacted(run(prepared, job, logs, used), used.get()), logger(logs));
        String logged;
        synchronized (logs) { // a connector call abandoned at its timeout may still be writing
            logged = logs.toString();
        }
        String logText = logged.isEmpty() ? null : StorableOutput.cleanText(used.get().redact(logged));
        complete(job, prepared.node().id(), outcome, started, logText);
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

    private @Nullable Prepared prepare(StepJob job) {
        var both = store.stepWithRun(job.stepId(), job.runId()).orElse(null);
        StepRow step = both == null ? null : both.step();
        RunRow run = both == null ? null : both.run();
        if (step == null || run == null || step.attempt() != job.attempt()
                || (step.status() != StepStatus.QUEUED && step.status() != StepStatus.RUNNING)) {
            return null; // a duplicate or stale job: that attempt was already settled
        }
        if (tooEarly(job, step)) {
            return null; // a retry that JobRunr released before its backoff (or Retry-After) ended
        }
        if (run.status() == RunStatus.PAUSED) {
            return null; // the step stays queued; resume re-dispatches it
        }
        if (run.status() != RunStatus.RUNNING) {
            store.cancelUnsettled(run.id(), "The run was " + run.status().name().toLowerCase());
            return null;
        }
        Loaded loaded = load(run.versionId());
        Node node = loaded.node(step.nodeId());
        var action = connectors.resolve(node.type()).orElse(null);
        if (action == null) {
            // the type's connector was removed after publishing
            store.finish(step.id(), step.attempt(), StepStatus.FAILED, null, "Unknown step type '" + node.type() + "'", Instant.now(), Instant.now());
            return null;
        }
        // read inside the transaction: outside it, row-level security shows no rows
        Map<String, Object> model = model(run, loaded.reads().getOrDefault(node.id(), Set.of()), job.attempt());
        return new Prepared(run, step, loaded, node, action, model);
    }

    /** The outcome of one attempt, from the connector or from failing to call it. */
    private sealed interface Outcome {
        record Done(ActionResult result) implements Outcome {
        }

        record Failed(String error, boolean retryable, @Nullable Duration retryAfter, boolean rateLimited) implements Outcome {
            Failed(String error, boolean retryable, @Nullable Duration retryAfter) {
                this(error, retryable, retryAfter, false);
            }
        }
    }

    private Outcome run(Prepared prepared, StepJob job, StringBuilder logs, java.util.concurrent.atomic.AtomicReference<Redactor> used) {
        Node node = prepared.node();
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) templates.renderValue(node.paramsOrEmpty(), prepared.model());
            Credentials credentials = null;
            if (node.connection() != null) {
                credentials = connections.credentials(node.connection()).orElseThrow(() ->
                        ActionException.permanent("Connection " + node.connection() + " is not available in this organization"));
                used.set(used.get().and(credentials));
            }
            Duration timeout = node.timeoutMs() == null ? DEFAULT_TIMEOUT : Duration.ofMillis(node.timeoutMs());
            String key = idempotencyKey(job.runId(), node.id(), job.attempt());
            var request = new ActionRequest(params, credentials, key, logger(logs), timeout,
                    context(prepared.run(), node.id(), job));
            try {
                return new Outcome.Done(execute(prepared, request, timeout));
            } catch (ActionException e) {
                if (!e.unauthorized() || credentials == null || !credentials.refreshable()) {
                    throw e;
                }
                // the service rejected an OAuth2 token it should have accepted: refresh it once and try again
                request.logger().info("Unauthorized; refreshing the connection's token and trying once more");
                Credentials refreshed = connections.refreshed(node.connection(), credentials);
                used.set(used.get().and(refreshed));
                var retry = new ActionRequest(params, refreshed, key, request.logger(), timeout, request.context());
                return new Outcome.Done(execute(prepared, retry, timeout));
            }
        } catch (ActionException e) {
            if (e.rateLimited() && node.connection() != null) {
                connections.rateLimited(node.connection());
            }
            return new Outcome.Failed(e.getMessage(), e.retryable(), e.retryAfter(), e.rateLimited());
        } catch (TemplateException e) {
            return new Outcome.Failed("Parameters could not be rendered: " + e.getMessage(), false, null);
        } catch (RuntimeException e) {
            // the exception's message may hold what a service echoed: only its redacted form reaches the log
            log.warn("Step {} of run {} failed unexpectedly: {} at {}", node.id(), job.runId(), used.get().redact(String.valueOf(e)),
                    e.getStackTrace().length == 0 ? "?" : e.getStackTrace()[0]);
            return new Outcome.Failed("Unexpected error: " + (e.getMessage() == null ? "no details" : e.getMessage()), false, null);
        }
    }

    private ActionResult execute(Prepared prepared, ActionRequest request, Duration timeout) throws ActionException {
        return prepared.action().action().quick()
                ? prepared.action().connector().execute(prepared.action().action().key(), request)
                : withTimeout(prepared.action(), request, timeout);
    }

    /**
     * Runs a connector call under the step's timeout, on a separate thread so that a connector that ignores the
     * timeout cannot hold the step forever: at the deadline the attempt fails as retryable and the call is
     * interrupted. (Quick logic steps run inline.)
     */
    private ActionResult withTimeout(ConnectorRegistry.Resolved action, ActionRequest request, Duration timeout) throws ActionException {
        UUID tenant = io.flowmeter.tenancy.TenantContext.requireTenant();
        var call = callers.submit(() -> {
            // the call runs on another thread: it works in the same tenant (a sub-workflow starts a run there)
            try (var scope = io.flowmeter.tenancy.TenantContext.bind(tenant)) {
                return action.connector().execute(action.action().key(), request);
            }
        });
        try {
            return call.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            call.cancel(true);
            throw ActionException.retryable("The step did not finish within its timeout of " + timeout.toMillis() + " ms", null, e);
        } catch (java.util.concurrent.ExecutionException e) {
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
            throw ActionException.retryable("Interrupted while waiting for the step", null, e);
        }
    }

    private final java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "flowmeter-connector-call");
        thread.setDaemon(true);
        return thread;
    });

    @jakarta.annotation.PreDestroy
    void stopCalls() {
        callers.shutdownNow();
    }

    /**
     * Records an attempt's outcome. Should the database refuse its data (a value that slipped past the checks), the
     * step fails, non-retryably, with the reason: an outcome that cannot be stored would otherwise fail its job on
     * every retry, repeating the call while the step stays running.
     */
    private void complete(StepJob job, String nodeId, Outcome outcome, Instant started, @Nullable String logs) {
        try {
            record(job, nodeId, outcome, started, logs);
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            if (outcome instanceof Outcome.Failed failed && !failed.retryable() && logs == null) {
                throw e; // even the plain failure could not be stored
            }
            String reason = e.getMostSpecificCause().getMessage();
            log.warn("The outcome of step {} of run {} could not be stored: {}", nodeId, job.runId(), reason);
            record(job, nodeId, new Outcome.Failed("The step's result could not be stored: "
                    + StorableOutput.cleanText(reason == null ? "refused by the database" : reason.lines().findFirst().orElse(reason)), false, null),
                    started, null);
        }
    }

    private void record(StepJob job, String nodeId, Outcome outcome, Instant started, @Nullable String logs) {
        Instant finished = Instant.now();
        tx.executeWithoutResult(status -> {
            RunRow run = store.lockRun(job.runId()).orElseThrow();
            Loaded loaded = load(run.versionId());
            Events events = new Events(run.tenantId(), run.id());
            if (outcome instanceof Outcome.Done done) {
                ActionResult result = done.result();
                if (result instanceof ActionResult.Completed completed) {
                    String output = writeOutput(completed.output());
                    if (output == null) {
                        failStep(run, loaded, job, nodeId, "The output is larger than " + MAX_OUTPUT_BYTES / 1000 + " kB", started, finished, logs, events);
                    } else if (store.finish(job.stepId(), job.attempt(), StepStatus.SUCCEEDED, output, null, started, finished)) {
                        // a first-attempt success of a quick step is fully described by the step row itself
                        if (job.attempt() > 1 || logs != null || !quick(loaded, nodeId)) {
                            store.insertAttempt(run.tenantId(), run.id(), job.stepId(), job.attempt(), "SUCCEEDED", null, logs, started, finished);
                        }
                        events.add(nodeId, RunEvent.Type.STEP_SUCCEEDED);
                        events.step(run, loaded, job.stepId(), nodeId, Settlement.StepOutcome.SUCCEEDED, job.attempt(),
                                busy(started, finished), completed.output(), false, finished);
                        advance(run, loaded, events);
                    }
                } else if (result instanceof ActionResult.WaitUntil wait) {
                    Map<String, Object> waiting = new LinkedHashMap<>();
                    waiting.put("kind", "delay");
                    waiting.put("until", wait.until().toString());
                    waiting.put("output", wait.output());
                    if (store.await(job.stepId(), job.attempt(), write(waiting), wait.until(), started)) {
                        events.add(nodeId, RunEvent.Type.STEP_WAITING);
                        dispatcher.scheduleAfterCommit(new StepJob(run.tenantId(), run.id(), job.stepId(), job.attempt(), StepJob.Mode.RESUME), wait.until());
                    }
                } else if (result instanceof ActionResult.WaitForSignal wait) {
                    Map<String, Object> waiting = new LinkedHashMap<>();
                    waiting.put("kind", wait.kind());
                    waiting.put("info", wait.waitingInfo());
                    waiting.put("timeoutOutput", wait.timeoutOutput());
                    if (store.await(job.stepId(), job.attempt(), write(waiting), wait.timeoutAt(), started)) {
                        events.add(nodeId, RunEvent.Type.STEP_WAITING);
                        if (wait.timeoutAt() != null) {
                            dispatcher.scheduleAfterCommit(new StepJob(run.tenantId(), run.id(), job.stepId(), job.attempt(), StepJob.Mode.TIMEOUT), wait.timeoutAt());
                        }
                    }
                } else if (result instanceof ActionResult.Loop loop) {
                    startLoop(run, loaded, job, nodeId, loop, started, finished, logs, events);
                }
            } else if (outcome instanceof Outcome.Failed failed) {
                RetryPolicy policy = RetryPolicy.orDefault(loaded.node(nodeId).retry());
                if (failed.retryable() && job.attempt() < policy.attempts()) {
                    Instant wakeAt = finished.plus(policy.delay(job.attempt() + 1, failed.retryAfter()));
                    if (store.retryLater(job.stepId(), job.attempt(), failed.error(), wakeAt)) {
                        store.insertAttempt(run.tenantId(), run.id(), job.stepId(), job.attempt(), "FAILED", failed.error(), logs, started, finished);
                        events.add(nodeId, RunEvent.Type.STEP_RETRYING);
                        events.step(run, loaded, job.stepId(), nodeId, Settlement.StepOutcome.RETRYING, job.attempt(),
                                busy(started, finished), null, false, finished);
                        dispatcher.scheduleAfterCommit(new StepJob(run.tenantId(), run.id(), job.stepId(), job.attempt() + 1, StepJob.Mode.EXECUTE), wakeAt);
                    }
                } else {
                    String error = failed.retryable() ? failed.error() + " (gave up after " + job.attempt() + " attempts)" : failed.error();
                    failStep(run, loaded, job, nodeId, error, started, finished, logs, events);
                }
            }
            events.flush();
        });
    }

    private void failStep(RunRow run, Loaded loaded, StepJob job, String nodeId, String error, Instant started, Instant finished,
                          @Nullable String logs, Events events) {
        if (!store.finish(job.stepId(), job.attempt(), StepStatus.FAILED, null, error, started, finished)) {
            return;
        }
        store.insertAttempt(run.tenantId(), run.id(), job.stepId(), job.attempt(), "FAILED", error, logs, started, finished);
        events.add(nodeId, RunEvent.Type.STEP_FAILED);
        events.step(run, loaded, job.stepId(), nodeId, Settlement.StepOutcome.FAILED, job.attempt(), busy(started, finished), null, false, finished);
        advance(run, loaded, events);
    }

    /** Ends a wait: a delay that is over, an approval that timed out, or (with a payload) a signal. */
    private void endWait(StepJob job, String kind, @Nullable Object signalOutput) {
        tx.executeWithoutResult(status -> {
            RunRow run = store.lockRun(job.runId()).orElse(null);
            StepRow step = store.step(job.stepId()).orElse(null);
            if (run == null || step == null || step.status() != StepStatus.WAITING || step.attempt() != job.attempt()) {
                return;
            }
            Map<String, Object> waiting = readMap(step.waiting());
            if (!kind.equals(waiting.get("kind")) || (signalOutput == null && tooEarly(job, step))) {
                return;
            }
            Object output = signalOutput != null ? signalOutput
                    : "delay".equals(kind) ? waiting.get("output") : waiting.get("timeoutOutput");
            Events events = new Events(run.tenantId(), run.id());
            if (store.finishWaiting(step.id(), step.attempt(), StepStatus.SUCCEEDED, write(output), null)) {
                store.insertAttempt(run.tenantId(), run.id(), step.id(), step.attempt(), "SUCCEEDED", null, null,
                        step.startedAt() == null ? Instant.now() : step.startedAt(), Instant.now());
                events.add(step.nodeId(), RunEvent.Type.STEP_SUCCEEDED);
                Loaded loaded = load(run.versionId());
                events.waitEnded(run, loaded, step.id(), step.nodeId(), Settlement.StepOutcome.SUCCEEDED, step.attempt(), output,
                        signalOutput != null, Instant.now());
                advance(run, loaded, events);
            }
            events.flush();
        });
    }

    /**
     * Answers a waiting step of the current tenant (an approval). False when the step is not waiting for that
     * kind of signal (already answered, timed out, or another kind).
     */
    public boolean signal(UUID runId, String nodeId, String kind, Object output) {
        StepRow step = tx.execute(status -> store.step(runId, nodeId).orElse(null));
        if (step == null) {
            throw new NotFoundException("No step '" + nodeId + "' in this run");
        }
        if (step.status() != StepStatus.WAITING || !kind.equals(readMap(step.waiting()).get("kind"))) {
            return false;
        }
        endWait(new StepJob(io.flowmeter.tenancy.TenantContext.requireTenant(), runId, step.id(), step.attempt(), StepJob.Mode.SIGNAL), kind, output);
        return tx.execute(status -> store.step(step.id()).map(s -> s.status() == StepStatus.SUCCEEDED).orElse(false));
    }

    /**
     * A child run finished: its parent's sub-workflow step succeeds with the child's output, or fails with it; a
     * loop starts its next items, or completes once all are done.
     */
    private void collectChild(StepJob job) {
        tx.executeWithoutResult(status -> {
            RunRow parent = store.lockRun(job.runId()).orElse(null);
            StepRow step = store.step(job.stepId()).orElse(null);
            if (parent == null || step == null || step.status() != StepStatus.WAITING || step.attempt() != job.attempt()) {
                return;
            }
            if ("loop".equals(readMap(step.waiting()).get("kind"))) {
                Events events = new Events(parent.tenantId(), parent.id());
                continueLoop(parent, load(parent.versionId()), step, events);
                events.flush();
                return;
            }
            Object info = readMap(step.waiting()).get("info");
            Object childId = info instanceof Map<?, ?> map ? map.get("childRunId") : null;
            RunRow child = childId == null ? null : store.run(UUID.fromString(childId.toString())).orElse(null);
            if (child == null || !child.status().finished()) {
                return;
            }
            Events events = new Events(parent.tenantId(), parent.id());
            Loaded loaded = load(parent.versionId());
            if (child.status() == RunStatus.SUCCEEDED) {
                if (store.finishWaiting(step.id(), step.attempt(), StepStatus.SUCCEEDED, child.output() == null ? "{}" : child.output(), null)) {
                    events.add(step.nodeId(), RunEvent.Type.STEP_SUCCEEDED);
                    events.waitEnded(parent, loaded, step.id(), step.nodeId(), Settlement.StepOutcome.SUCCEEDED, step.attempt(),
                            child.output() == null ? Map.of() : read(child.output()), false, Instant.now());
                    advance(parent, loaded, events);
                }
            } else {
                String error = "Sub-workflow run " + child.id() + " " + child.status().name().toLowerCase()
                        + (child.error() == null ? "" : ": " + child.error());
                if (store.finishWaiting(step.id(), step.attempt(), StepStatus.FAILED, null, error)) {
                    store.insertAttempt(parent.tenantId(), parent.id(), step.id(), step.attempt(), "FAILED", error, null,
                            step.startedAt() == null ? Instant.now() : step.startedAt(), Instant.now());
                    events.add(step.nodeId(), RunEvent.Type.STEP_FAILED);
                    events.waitEnded(parent, loaded, step.id(), step.nodeId(), Settlement.StepOutcome.FAILED, step.attempt(), null, false,
                            Instant.now());
                    advance(parent, loaded, events);
                }
            }
            events.flush();
        });
    }

    // ---------------------------------------------------------------- loops

    /**
     * A loop step's items each run the loop's body as a run of their own (linked to the step, rows for the body's
     * nodes only, the steps before the loop copied in). The step waits; every item run that ends signals it, and
     * under the parent run's lock it starts the next items up to the concurrency limit, or completes. Item run ids
     * derive from the step attempt and the index, so handling a signal twice starts nothing twice.
     */
    private void startLoop(RunRow run, Loaded loaded, StepJob job, String nodeId, ActionResult.Loop loop, Instant started,
                           Instant finished, @Nullable String logs, Events events) {
        if (loop.items().isEmpty()) {
            Map<String, Object> empty = loopOutput(List.of(), 0, 0);
            if (store.finish(job.stepId(), job.attempt(), StepStatus.SUCCEEDED, write(empty), null, started, finished)) {
                events.add(nodeId, RunEvent.Type.STEP_SUCCEEDED);
                events.step(run, loaded, job.stepId(), nodeId, Settlement.StepOutcome.SUCCEEDED, job.attempt(), busy(started, finished), empty,
                        false, finished);
                advance(run, loaded, events);
            }
            return;
        }
        Map<String, Object> waiting = new LinkedHashMap<>();
        waiting.put("kind", "loop");
        waiting.put("info", Map.of("count", loop.items().size(), "concurrency", loop.concurrency()));
        waiting.put("continueOnError", loop.continueOnError());
        waiting.put("items", loop.items());
        String text = write(waiting);
        if (text.length() > MAX_OUTPUT_BYTES) {
            failStep(run, loaded, job, nodeId, "The loop's items are larger than " + MAX_OUTPUT_BYTES / 1000 + " kB", started, finished, logs, events);
            return;
        }
        if (store.await(job.stepId(), job.attempt(), text, null, started)) {
            events.add(nodeId, RunEvent.Type.STEP_WAITING);
            continueLoop(run, loaded, store.step(job.stepId()).orElseThrow(), events);
        }
    }

    /** Under the parent run's lock: start the items there is room for, or complete the step when they are done. */
    private void continueLoop(RunRow run, Loaded loaded, StepRow step, Events events) {
        Map<String, Object> waiting = readMap(step.waiting());
        List<?> items = waiting.get("items") instanceof List<?> list ? list : List.of();
        int concurrency = waiting.get("info") instanceof Map<?, ?> info && info.get("concurrency") instanceof Number n ? n.intValue() : 1;
        boolean continueOnError = Boolean.TRUE.equals(waiting.get("continueOnError"));
        RunStore.LoopProgress progress = store.loopProgress(step.id());
        boolean stopping = progress.failed() > 0 && !continueOnError;
        if (progress.finished() == items.size() || (stopping && progress.running() == 0)) {
            finishLoop(run, loaded, step, items.size(), events);
            return;
        }
        int launch = Math.min(concurrency - progress.running(), items.size() - progress.started());
        if (stopping || run.status() != RunStatus.RUNNING || launch <= 0) {
            return; // the items still running will signal again (a paused run continues on resume)
        }
        WorkflowVersion version = workflows.version(run.versionId()).orElseThrow();
        Map<String, SettledStep> before = settledAncestors(run, loaded, step.nodeId());
        Object input = read(run.input());
        for (int index = progress.started(); index < progress.started() + launch; index++) {
            Map<String, Object> current = new LinkedHashMap<>();
            current.put("item", items.get(index));
            current.put("index", index);
            current.put("count", items.size());
            Map<String, SettledStep> copied = new HashMap<>(before);
            copied.put(step.nodeId(), new SettledStep(StepStatus.SUCCEEDED, write(current), null));
            start(new Start(loopItemRunId(step, index), run.workflowId(), version, input, "loop", run.id(), step.id(), null,
                    copied, step.nodeId()));
        }
    }

    static UUID loopItemRunId(StepRow step, int index) {
        return UUID.nameUUIDFromBytes(("loop:" + step.id() + ":" + step.attempt() + ":" + index).getBytes(StandardCharsets.UTF_8));
    }

    /** What the loop's body may read from before the loop: the settled steps it depends on, copied into each item's run. */
    private Map<String, SettledStep> settledAncestors(RunRow run, Loaded loaded, String loopNode) {
        Set<String> ancestors = loaded.graph().ancestors(loopNode);
        Map<String, StepStatus> states = store.states(run.id());
        Map<String, SettledStep> settled = new HashMap<>();
        store.outputs(run.id(), ancestors).forEach((nodeId, value) -> {
            StepStatus state = states.get(nodeId);
            if (state != null && state.settled()) {
                settled.put(nodeId, new SettledStep(state, value[0], value[1]));
            }
        });
        return settled;
    }

    private void finishLoop(RunRow run, Loaded loaded, StepRow step, int count, Events events) {
        Map<UUID, RunRow> children = store.children(step.id());
        List<Object> results = new ArrayList<>();
        int succeeded = 0;
        int failed = 0;
        String firstError = null;
        for (int index = 0; index < count; index++) {
            RunRow child = children.get(loopItemRunId(step, index));
            if (child == null) {
                break; // stopped after a failure: the rest never started
            }
            if (child.status() == RunStatus.SUCCEEDED) {
                succeeded++;
                results.add(child.output() == null ? Map.of() : read(child.output()));
            } else {
                failed++;
                String error = "Item " + index + " (run " + child.id() + ") " + child.status().name().toLowerCase()
                        + (child.error() == null ? "" : ": " + child.error());
                results.add(Map.of("error", error, "runId", child.id().toString()));
                firstError = firstError == null ? error : firstError;
            }
        }
        boolean continueOnError = Boolean.TRUE.equals(readMap(step.waiting()).get("continueOnError"));
        Map<String, Object> loopResult = loopOutput(results, succeeded, failed);
        String output = failed > 0 && !continueOnError ? null : writeOutput(loopResult);
        String error = failed > 0 && !continueOnError ? firstError + " (" + succeeded + " of " + count + " items succeeded)"
                : output == null ? "The loop's results are larger than " + MAX_OUTPUT_BYTES / 1000 + " kB" : null;
        if (store.finishWaiting(step.id(), step.attempt(), error == null ? StepStatus.SUCCEEDED : StepStatus.FAILED, output, error)) {
            Instant startedAt = step.startedAt() == null ? Instant.now() : step.startedAt();
            store.insertAttempt(run.tenantId(), run.id(), step.id(), step.attempt(), error == null ? "SUCCEEDED" : "FAILED", error, null,
                    startedAt, Instant.now());
            events.add(step.nodeId(), error == null ? RunEvent.Type.STEP_SUCCEEDED : RunEvent.Type.STEP_FAILED);
            events.waitEnded(run, loaded, step.id(), step.nodeId(), error == null ? Settlement.StepOutcome.SUCCEEDED : Settlement.StepOutcome.FAILED,
                    step.attempt(), error == null ? loopResult : null, false, Instant.now());
            advance(run, loaded, events);
        }
    }

    private static long busy(Instant started, Instant finished) {
        return Math.max(0, java.time.Duration.between(started, finished).toMillis());
    }

    private static Map<String, Object> loopOutput(List<Object> results, int succeeded, int failed) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("count", results.size());
        output.put("succeeded", succeeded);
        output.put("failed", failed);
        output.put("results", results);
        return output;
    }

    private boolean quick(Loaded loaded, String nodeId) {
        return connectors.resolve(loaded.node(nodeId).type()).map(r -> r.action().quick()).orElse(false);
    }

    /** A timed job that arrived before its time is put back on the timer; a wait never ends early. */
    private boolean tooEarly(StepJob job, StepRow step) {
        if (step.wakeAt() != null && Instant.now().isBefore(step.wakeAt())) {
            dispatcher.redispatchAt(job, step.wakeAt());
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- advancing

    /** Re-evaluates a run (after resume, or from recovery): dispatches ready steps, finishes a run that is done. */
    public void reevaluate(UUID runId) {
        tx.executeWithoutResult(status -> {
            RunRow run = store.lockRun(runId).orElse(null);
            if (run == null) {
                return;
            }
            Events events = new Events(run.tenantId(), run.id());
            advance(run, load(run.versionId()), events);
            events.flush();
        });
    }

    /** In the run's locked transaction: decide the steps whose inputs settled, finish the run when it is done. */
    private void advance(RunRow run, Loaded loaded, Events events) {
        if (run.status() != RunStatus.RUNNING) {
            return;
        }
        Map<String, StepStatus> states = store.states(run.id());
        List<Decision> decisions = Scheduler.decide(loaded.graph(), states, conditions(run));
        List<String> ready = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Decision decision : decisions) {
            switch (decision.kind()) {
                case READY -> ready.add(decision.nodeId());
                case SKIP -> skipped.add(decision.nodeId());
                case FAIL -> {
                    store.settlePending(run.id(), List.of(decision.nodeId()), StepStatus.FAILED, decision.error());
                    states.put(decision.nodeId(), StepStatus.FAILED);
                    events.add(decision.nodeId(), RunEvent.Type.STEP_FAILED);
                }
            }
        }
        store.settlePending(run.id(), skipped, StepStatus.SKIPPED, null);
        skipped.forEach(id -> {
            states.put(id, StepStatus.SKIPPED);
            events.add(id, RunEvent.Type.STEP_SKIPPED);
        });
        Map<String, UUID> queued = store.queue(run.id(), ready);
        List<StepJob> jobs = new ArrayList<>();
        queued.forEach((nodeId, stepId) -> {
            states.put(nodeId, StepStatus.QUEUED);
            jobs.add(new StepJob(run.tenantId(), run.id(), stepId, 1, StepJob.Mode.EXECUTE));
        });
        RunStatus outcome = Scheduler.outcome(loaded.graph(), states);
        if (outcome == RunStatus.SUCCEEDED) {
            Map<String, Object> output = new LinkedHashMap<>();
            List<String> terminals = Scheduler.terminals(loaded.graph()).stream().filter(id -> loaded.inScope(id, run.scopeNode())).toList();
            Map<String, String[]> terminal = store.outputs(run.id(), terminals);
            terminal.forEach((nodeId, value) -> {
                if (states.get(nodeId) == StepStatus.SUCCEEDED) {
                    output.put(nodeId, read(value[0]));
                }
            });
            store.finishRun(run.id(), RunStatus.SUCCEEDED, write(output), null, false);
            events.add(null, RunEvent.Type.RUN_SUCCEEDED);
            events.run(run, Settlement.RunOutcome.SUCCEEDED);
            notifyParent(run);
        } else if (outcome == RunStatus.FAILED) {
            String failedNode = states.entrySet().stream()
                    .filter(e -> e.getValue() == StepStatus.FAILED && !Scheduler.handled(loaded.graph(), e.getKey()))
                    .map(Map.Entry::getKey).findFirst().orElse("?");
            String error = store.outputs(run.id(), List.of(failedNode)).getOrDefault(failedNode, new String[2])[1];
            store.cancelUnsettled(run.id(), "Cancelled because step '" + failedNode + "' failed");
            String runError = "Step '" + failedNode + "' failed: " + error;
            // a loop item's run is not parked for re-running on its own: its loop reports it, and its run is re-run
            store.finishRun(run.id(), RunStatus.FAILED, null, runError, run.scopeNode() == null);
            if (run.scopeNode() == null) {
                failures.forEach(listener -> listener.failed(run, runError));
            }
            events.add(null, RunEvent.Type.RUN_FAILED);
            events.run(run, Settlement.RunOutcome.FAILED);
            notifyParent(run);
            return;
        }
        dispatcher.enqueueAfterCommit(jobs);
    }

    private void notifyParent(RunRow run) {
        if (run.parentRunId() == null || run.parentStepId() == null) {
            return;
        }
        store.step(run.parentStepId()).ifPresent(parentStep -> dispatcher.enqueueAfterCommit(List.of(
                new StepJob(run.tenantId(), run.parentRunId(), parentStep.id(), parentStep.attempt(), StepJob.Mode.SIGNAL, run.id()))));
    }

    // ---------------------------------------------------------------- controls

    /** Stops a run: no new step starts, waiting and queued steps are cancelled, running ones finish unrecorded. */
    public boolean cancel(UUID runId) {
        List<UUID> children = new ArrayList<>();
        Boolean changed = tx.execute(status -> {
            RunRow run = store.lockRun(runId).orElseThrow(() -> new NotFoundException("Run not found"));
            if (run.status().finished()) {
                return false;
            }
            store.cancelUnsettled(run.id(), "The run was cancelled");
            store.finishRun(run.id(), RunStatus.CANCELLED, null, "Cancelled", false);
            Events events = new Events(run.tenantId(), run.id());
            events.add(null, RunEvent.Type.RUN_CANCELLED);
            events.run(run, Settlement.RunOutcome.CANCELLED);
            events.flush();
            children.addAll(store.activeChildren(run.id()));
            notifyParent(run);
            return true;
        });
        children.forEach(this::cancel);
        return Boolean.TRUE.equals(changed);
    }

    /** Holds a running run: steps in flight finish, nothing new starts until it is resumed. */
    public boolean pause(UUID runId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            RunRow run = store.lockRun(runId).orElseThrow(() -> new NotFoundException("Run not found"));
            if (run.status() != RunStatus.RUNNING) {
                return false;
            }
            store.setRunStatus(run.id(), RunStatus.PAUSED);
            Events events = new Events(run.tenantId(), run.id());
            events.add(null, RunEvent.Type.RUN_PAUSED);
            events.flush();
            return true;
        }));
    }

    /** Continues a paused run from where it stood. */
    public boolean resume(UUID runId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            RunRow run = store.lockRun(runId).orElseThrow(() -> new NotFoundException("Run not found"));
            if (run.status() != RunStatus.PAUSED) {
                return false;
            }
            store.setRunStatus(run.id(), RunStatus.RUNNING);
            RunRow resumed = store.lockRun(runId).orElseThrow();
            Events events = new Events(run.tenantId(), run.id());
            events.add(null, RunEvent.Type.RUN_RESUMED);
            // steps that were queued when the run paused still have (now stale) jobs: give them fresh ones
            List<StepJob> jobs = new ArrayList<>();
            for (StepRow step : store.steps(run.id())) {
                if (step.status() == StepStatus.QUEUED) {
                    jobs.add(new StepJob(run.tenantId(), run.id(), step.id(), step.attempt(), StepJob.Mode.EXECUTE));
                } else if (step.status() == StepStatus.WAITING && "loop".equals(readMap(step.waiting()).get("kind"))) {
                    // a loop holds back new items while its run is paused
                    jobs.add(new StepJob(run.tenantId(), run.id(), step.id(), step.attempt(), StepJob.Mode.SIGNAL));
                }
            }
            dispatcher.redispatchAfterCommit(jobs);
            advance(resumed, load(run.versionId()), events);
            events.flush();
            return true;
        }));
    }

    private Scheduler.Conditions conditions(RunRow run) {
        return edge -> templates.condition(edge.condition(), model(run, Templates.referencedSteps(edge.condition()), 0));
    }

    /** The data templates see: the trigger input, the outputs (and errors) of the steps read, run metadata. */
    private Map<String, Object> model(RunRow run, Set<String> reads, int attempt) {
        Map<String, Object> steps = new HashMap<>();
        store.outputs(run.id(), reads).forEach((nodeId, value) -> {
            Map<String, Object> step = new HashMap<>();
            step.put("output", read(value[0]));
            step.put("error", value[1]);
            steps.put(nodeId, step);
        });
        Map<String, Object> meta = new HashMap<>();
        meta.put("id", run.id().toString());
        meta.put("workflowId", run.workflowId().toString());
        meta.put("version", run.versionNumber());
        meta.put("attempt", attempt);
        meta.put("startedAt", run.createdAt().toString());
        Map<String, Object> model = new HashMap<>();
        model.put("trigger", read(run.input()));
        model.put("steps", steps);
        model.put("run", meta);
        return model;
    }

    // ---------------------------------------------------------------- helpers

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
                WorkflowVersion version;
                try {
                    version = workflows.latestVersion(workflowId);
                } catch (NotFoundException | io.flowmeter.shared.ConflictException e) {
                    throw ActionException.permanent("Sub-workflow " + workflowId + ": " + e.getMessage());
                }
                // derived from the step attempt: a job that runs twice starts one child
                UUID childId = UUID.nameUUIDFromBytes(("child:" + job.stepId() + ":" + job.attempt()).getBytes(StandardCharsets.UTF_8));
                return start(new Start(childId, workflowId, version, input, "subworkflow", run.id(), job.stepId(), null, Map.of()));
            }
        };
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

    Loaded load(UUID versionId) {
        Loaded loaded = definitions.getIfPresent(versionId);
        if (loaded != null) {
            return loaded;
        }
        WorkflowVersion version = workflows.version(versionId).orElseThrow(() -> new IllegalStateException("Version " + versionId + " is gone"));
        return load(version);
    }

    Loaded load(WorkflowVersion version) {
        return definitions.get(version.getId(), id -> {
            WorkflowDefinition definition = workflows.definitionOf(version);
            Map<String, Set<String>> reads = new HashMap<>();
            for (Node node : definition.nodesOrEmpty()) {
                Set<String> ids = new HashSet<>();
                collectReads(node.paramsOrEmpty(), ids);
                reads.put(node.id(), ids);
            }
            Graph graph = new Graph(definition);
            return new Loaded(definition, graph, reads, graph.scopes());
        });
    }

    private static void collectReads(@Nullable Object value, Set<String> ids) {
        if (value instanceof String text) {
            ids.addAll(Templates.referencedSteps(text));
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                collectReads(String.valueOf(k), ids);
                collectReads(v, ids);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collectReads(v, ids));
        }
    }

    String write(@Nullable Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private @Nullable String writeOutput(@Nullable Object value) {
        String text = write(value);
        return text.length() > MAX_OUTPUT_BYTES ? null : text;
    }

    @Nullable Object read(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is unreadable", e);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> readMap(@Nullable Object text) {
        if (!(text instanceof String s)) {
            return Map.of();
        }
        Object value = read(s);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /**
     * Events of one transaction: sent to other nodes with it (NOTIFY is transactional) and published to this
     * node's listeners after it commits.
     */
    final class Events {
        private final UUID tenantId;
        private final UUID runId;
        private final List<RunEvent> events = new ArrayList<>();
        private final List<Settlement> settled = new ArrayList<>();

        Events(UUID tenantId, UUID runId) {
            this.tenantId = tenantId;
            this.runId = runId;
        }

        void add(@Nullable String nodeId, RunEvent.Type type) {
            events.add(new RunEvent(tenantId, runId, nodeId, type, false));
        }

        /** A step attempt that ended, for the settlement listeners (skipped when there are none). */
        void step(RunRow run, Loaded loaded, UUID stepRunId, String nodeId, Settlement.StepOutcome outcome, int attempt, long busyMs,
                  @Nullable Object output, boolean signalled, Instant at) {
            step(run, loaded, stepRunId, nodeId, outcome, attempt, true, busyMs, output, signalled, at);
        }

        /** A wait that ended (a delay, an approval, a sub-workflow, a loop's items): no action ran in this attempt now. */
        void waitEnded(RunRow run, Loaded loaded, UUID stepRunId, String nodeId, Settlement.StepOutcome outcome, int attempt,
                       @Nullable Object output, boolean signalled, Instant at) {
            step(run, loaded, stepRunId, nodeId, outcome, attempt, false, 0, output, signalled, at);
        }

        private void step(RunRow run, Loaded loaded, UUID stepRunId, String nodeId, Settlement.StepOutcome outcome, int attempt, boolean executed,
                          long busyMs, @Nullable Object output, boolean signalled, Instant at) {
            if (settlements.isEmpty()) {
                return;
            }
            Node node = loaded.definition().node(nodeId).orElse(null);
            settled.add(new Settlement.Step(run.tenantId(), run.workflowId(), run.versionId(), run.versionNumber(), run.id(), stepRunId, nodeId,
                    node == null ? null : node.type(), node == null ? null : node.value(), outcome, attempt, executed, busyMs, output, signalled,
                    run.scopeNode() != null, at));
        }

        /** A run that finished, for the settlement listeners. */
        void run(RunRow run, Settlement.RunOutcome outcome) {
            if (!settlements.isEmpty()) {
                settled.add(new Settlement.Run(run.tenantId(), run.workflowId(), run.versionId(), run.versionNumber(), run.id(), outcome,
                        run.scopeNode() != null, run.parentRunId(), run.createdAt(), Instant.now()));
            }
        }

        void flush() {
            if (!settled.isEmpty()) {
                List<Settlement> batch = List.copyOf(settled);
                settled.clear();
                settlements.forEach(listener -> listener.settled(batch)); // in the transaction: commits or rolls back with it
            }
            if (events.isEmpty()) {
                return;
            }
            List<WorkNotifier.RunEventMessage> wire = events.stream().map(e ->
                    new WorkNotifier.RunEventMessage(notifier.nodeId(), e.tenantId(), e.runId(), e.nodeId(), e.type())).toList();
            // NOTIFY payloads are limited to 8000 bytes: a fan-out's many events go in several notifications
            for (int from = 0; from < wire.size(); from += EVENTS_PER_NOTIFY) {
                store.notifyEvents(write(wire.subList(from, Math.min(wire.size(), from + EVENTS_PER_NOTIFY))));
            }
            List<RunEvent> toPublish = List.copyOf(events);
            events.clear();
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        toPublish.forEach(publisher::publishEvent);
                    }
                });
            } else {
                toPublish.forEach(publisher::publishEvent);
            }
        }
    }
}
