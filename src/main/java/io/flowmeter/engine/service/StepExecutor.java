package io.flowmeter.engine.service;

import io.flowmeter.connection.Connections;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.DefinitionCache.Loaded;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.service.RunStore.StepRow;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Executes a step attempt (an EXECUTE job): checks in a short transaction that the job is still the attempt to run
 * (not a duplicate, stale or early job, its run running, its type known) and reads what its templates need; holds it,
 * without spending the attempt, while its connection is over its rate limit; marks it running; calls its connector
 * outside any transaction; and hands the outcome to {@link OutcomeRecorder}.
 */
@Component
class StepExecutor {

    private static final Logger log = LoggerFactory.getLogger(StepExecutor.class);

    /** What an attempt that passed its checks needs, read inside the transaction that checked it. */
    private record Prepared(RunRow run, StepRow step, Loaded loaded, Node node, ConnectorRegistry.Resolved action,
                            Map<String, Object> model) {
    }

    private final RunStore store;
    private final DefinitionCache definitions;
    private final ConnectorRegistry connectors;
    private final Connections connections;
    private final TemplateModel templateModel;
    private final Waits waits;
    private final ConnectorCall calls;
    private final OutcomeRecorder outcomes;
    private final RunEvents runEvents;
    private final JobDispatcher dispatcher;
    private final TransactionTemplate tx;
    private final InlineSteps inlineSteps;
    private final EngineMetrics metrics;

    StepExecutor(RunStore store, DefinitionCache definitions, ConnectorRegistry connectors, Connections connections,
                 TemplateModel templateModel, Waits waits, ConnectorCall calls, OutcomeRecorder outcomes, RunEvents runEvents,
                 JobDispatcher dispatcher, TransactionTemplate tx, InlineSteps inlineSteps, EngineMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.definitions = definitions;
        this.connectors = connectors;
        this.connections = connections;
        this.templateModel = templateModel;
        this.waits = waits;
        this.calls = calls;
        this.outcomes = outcomes;
        this.runEvents = runEvents;
        this.dispatcher = dispatcher;
        this.tx = tx;
        this.inlineSteps = inlineSteps;
    }

    void execute(StepJob job) {
        execute(job, true);
    }

    /**
     * Runs {@code job}; with {@code chaining}, a quick step's transaction also runs the quick steps it makes ready
     * ({@link InlineSteps}). Should a chained step make that transaction fail, it is rolled back and the job runs again
     * without chaining: its successors then become jobs and fail, if they do, on their own.
     */
    private void execute(StepJob job, boolean chaining) {
        Inline inline = new Inline();
        Prepared prepared;
        try {
            prepared = tx.execute(status -> {
                Prepared checked = prepare(job);
                if (checked == null || !runsInTransaction(checked)) {
                    return checked;
                }
                // a quick action (logic, no I/O, well under a millisecond) runs in the transaction that checked its job, and
                // that transaction records its outcome: one transaction per step instead of two
                try (InlineSteps.Chain chain = inlineSteps.open(job.runId(), chaining)) {
                    inline.chain = chain;
                    runQuick(checked, job, inline);
                    if (chain != null) {
                        runClaimed(chain, inline);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (inline.chain != null && inline.chain.claimed() > 0) {
                log.debug("A chained step of run {} failed its transaction; running step {} alone", job.runId(), job.stepId(), e);
                execute(job, false);
                return;
            }
            Ran ran = inline.ran;
            if (ran == null || !(e instanceof DataIntegrityViolationException refused)) {
                throw e;
            }
            outcomes.refused(job, ran.nodeId(), ran.call().outcome(), ran.started(), ran.call().log(), refused);
            return;
        }
        if (prepared == null) {
            return;
        }
        UUID connection = prepared.node().connection();
        if (connection != null) {
            // the connection's rate limit is shared by every workflow of the tenant: over it, wait (durably, no thread held)
            var wait = connections.throttle(connection).orElse(null);
            if (wait != null) {
                metrics.rateLimited();
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
                RunEvents.Batch events = runEvents.of(prepared.run().tenantId(), job.runId());
                events.add(prepared.node().id(), RunEvent.Type.STEP_STARTED);
                events.flush();
                return true;
            });
            if (!Boolean.TRUE.equals(marked)) {
                return;
            }
        }
        metrics.started(prepared.node().type(), waited(prepared.step(), started));
        ConnectorCall.Result call = calls.call(prepared.run(), prepared.node(), prepared.action(), prepared.model(), job);
        outcomes.complete(job, prepared.node().id(), call.outcome(), started, call.log());
    }

    /**
     * Runs the steps {@code chain} claimed, and those they make ready in turn, in the caller's transaction (which
     * holds the lock of the chain's run); a claimed step that turns out not to be quick gets a job of its own.
     */
    void runClaimed(InlineSteps.Chain chain) {
        runClaimed(chain, new Inline());
    }

    private void runClaimed(InlineSteps.Chain chain, Inline inline) {
        for (StepJob next = chain.next(); next != null; next = chain.next()) {
            String unqueued = chain.unqueuedNode(next.stepId());
            Prepared successor = unqueued == null ? prepare(next) : prepareUnqueued(chain, next, unqueued);
            if (successor != null && runsInTransaction(successor)) {
                runQuick(successor, next, inline);
            } else if (successor != null) {
                if (unqueued != null) {
                    store.queue(next.runId(), List.of(unqueued));
                    inlineSteps.queued(next.stepId());
                }
                dispatcher.enqueueWithTransaction(List.of(next)); // not quick after all: a job of its own
            }
        }
    }

    private static boolean runsInTransaction(Prepared prepared) {
        return InlineSteps.runsInTransaction(prepared.action(), prepared.node());
    }

    /** Runs a checked quick step and records its outcome, in the caller's transaction; {@code inline} keeps what ran. */
    private void runQuick(Prepared prepared, StepJob job, Inline inline) {
        Instant started = Instant.now();
        metrics.started(prepared.node().type(), waited(prepared.step(), started));
        ConnectorCall.Result call = calls.call(prepared.run(), prepared.node(), prepared.action(), prepared.model(), job);
        inline.ran = new Ran(prepared.node().id(), started, call);
        outcomes.record(prepared.run(), job, prepared.node().id(), call.outcome(), started, call.log());
    }

    /**
     * A quick action run inside the checking transaction, kept for when the database refuses its outcome, and the
     * chain of that transaction.
     */
    private static final class Inline {
        @Nullable Ran ran;
        InlineSteps.@Nullable Chain chain;
    }

    private record Ran(String nodeId, Instant started, ConnectorCall.Result call) {
    }

    private static java.time.@Nullable Duration waited(StepRow step, Instant started) {
        return step.queuedAt() == null ? null : java.time.Duration.between(step.queuedAt(), started);
    }

    private @Nullable Prepared prepare(StepJob job) {
        var both = store.stepWithRun(job.stepId(), job.runId()).orElse(null);
        StepRow step = both == null ? null : both.step();
        RunRow run = both == null ? null : both.run();
        if (step == null || run == null || step.attempt() != job.attempt()
                || (step.status() != StepStatus.QUEUED && step.status() != StepStatus.RUNNING)) {
            return null; // a duplicate or stale job: that attempt was already settled
        }
        if (waits.tooEarly(job, step)) {
            return null; // a retry that JobRunr released before its backoff (or Retry-After) ended
        }
        return prepare(job, run, step);
    }

    /**
     * {@link #prepare(StepJob)} for a step of {@code nodeId} that {@code chain} claimed without queueing it: nothing to
     * read again, as its row is PENDING as the chain found it and its run the chain's, locked by this transaction since the
     * step before it read it. Null once the run ended in this transaction (its steps not settled were cancelled with it).
     */
    private @Nullable Prepared prepareUnqueued(InlineSteps.Chain chain, StepJob job, String nodeId) {
        RunRow run = chain.run();
        if (run == null || chain.finished() != null) {
            return null;
        }
        StepRow step = new StepRow(job.stepId(), run.id(), nodeId, StepStatus.QUEUED, job.attempt(), null, null, null, null,
                Instant.now(), null, null, null);
        return prepare(job, run, step);
    }

    /** The checks of a step attempt that concern its run and type, and what its templates need. */
    private @Nullable Prepared prepare(StepJob job, RunRow run, StepRow step) {
        if (run.status() == RunStatus.PAUSED) {
            return null; // the step stays queued; resume re-dispatches it
        }
        if (run.status() != RunStatus.RUNNING) {
            store.cancelUnsettled(run.id(), "The run was " + run.status().name().toLowerCase());
            return null;
        }
        org.slf4j.MDC.put(StepJobHandler.MDC_WORKFLOW, run.workflowId().toString());
        Loaded loaded = definitions.load(run.versionId());
        Node node = loaded.node(step.nodeId());
        var action = connectors.resolve(node.type()).orElse(null);
        if (action == null) {
            // the type's connector was removed after publishing
            Instant now = Instant.now();
            store.finishReadingStates(run.id(), step.id(), step.attempt(), inlineSteps.unqueued(step.id()), StepStatus.FAILED, null,
                    "Unknown step type '" + node.type() + "'", now, now, null);
            return null;
        }
        // read inside the transaction: outside it, row-level security shows no rows
        // a step without parameters renders nothing: the run's data is not read for it
        Map<String, Object> model = node.paramsOrEmpty().isEmpty() ? Map.of()
                : templateModel.model(run, loaded.reads().getOrDefault(node.id(), Set.of()), job.attempt());
        return new Prepared(run, step, loaded, node, action, model);
    }
}
