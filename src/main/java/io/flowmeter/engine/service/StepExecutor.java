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
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
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

    StepExecutor(RunStore store, DefinitionCache definitions, ConnectorRegistry connectors, Connections connections,
                 TemplateModel templateModel, Waits waits, ConnectorCall calls, OutcomeRecorder outcomes, RunEvents runEvents,
                 JobDispatcher dispatcher, TransactionTemplate tx) {
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
    }

    void execute(StepJob job) {
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
                RunEvents.Batch events = runEvents.of(prepared.run().tenantId(), job.runId());
                events.add(prepared.node().id(), RunEvent.Type.STEP_STARTED);
                events.flush();
                return true;
            });
            if (!Boolean.TRUE.equals(marked)) {
                return;
            }
        }
        ConnectorCall.Result call = calls.call(prepared.run(), prepared.node(), prepared.action(), prepared.model(), job);
        outcomes.complete(job, prepared.node().id(), call.outcome(), started, call.log());
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
        if (run.status() == RunStatus.PAUSED) {
            return null; // the step stays queued; resume re-dispatches it
        }
        if (run.status() != RunStatus.RUNNING) {
            store.cancelUnsettled(run.id(), "The run was " + run.status().name().toLowerCase());
            return null;
        }
        Loaded loaded = definitions.load(run.versionId());
        Node node = loaded.node(step.nodeId());
        var action = connectors.resolve(node.type()).orElse(null);
        if (action == null) {
            // the type's connector was removed after publishing
            store.finish(step.id(), step.attempt(), StepStatus.FAILED, null, "Unknown step type '" + node.type() + "'", Instant.now(), Instant.now());
            return null;
        }
        // read inside the transaction: outside it, row-level security shows no rows
        Map<String, Object> model = templateModel.model(run, loaded.reads().getOrDefault(node.id(), Set.of()), job.attempt());
        return new Prepared(run, step, loaded, node, action, model);
    }
}
