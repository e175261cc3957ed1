package io.flowmeter.engine.service;

import io.flowmeter.engine.Settlement;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.Scheduler;
import io.flowmeter.engine.domain.Scheduler.Decision;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.DefinitionCache.Loaded;
import io.flowmeter.engine.service.RunStore.RunRow;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Moves a run on after something in it settled: under the run's lock, decides the steps whose inputs settled (queues,
 * skips or fails them), finishes the run once it is done, and tells a parent run that its child finished. It starts
 * nothing itself: queued steps become jobs (written in the transaction, started after commit) or, while a quick step's
 * transaction chains its quick successors ({@link InlineSteps}), are claimed by that chain; a parent learns of its
 * child through a job too, so everything above this layer may call it.
 */
@Component
class RunAdvancer {

    private final RunStore store;
    private final DefinitionCache definitions;
    private final TemplateModel model;
    private final JobDispatcher dispatcher;
    private final RunEvents runEvents;
    private final EngineJson json;
    private final TransactionTemplate tx;
    private final List<RunFailures> failures;
    private final InlineSteps inline;

    RunAdvancer(RunStore store, DefinitionCache definitions, TemplateModel model, JobDispatcher dispatcher, RunEvents runEvents,
                EngineJson json, TransactionTemplate tx, List<RunFailures> failures, InlineSteps inline) {
        this.store = store;
        this.definitions = definitions;
        this.model = model;
        this.dispatcher = dispatcher;
        this.runEvents = runEvents;
        this.json = json;
        this.tx = tx;
        this.failures = List.copyOf(failures);
        this.inline = inline;
    }

    /** Re-evaluates a run (after resume, or from recovery): dispatches ready steps, finishes a run that is done. */
    void reevaluate(UUID runId) {
        tx.executeWithoutResult(status -> {
            RunRow run = store.lockRun(runId).orElse(null);
            if (run == null) {
                return;
            }
            RunEvents.Batch events = runEvents.of(run.tenantId(), run.id());
            advance(run, definitions.load(run.versionId()), events);
            events.flush();
        });
    }

    /** In the run's locked transaction: decide the steps whose inputs settled, finish the run when it is done. */
    void advance(RunRow run, Loaded loaded, RunEvents.Batch events) {
        advance(run, loaded, events, null);
    }

    /**
     * {@link #advance(RunRow, Loaded, RunEvents.Batch)} with the states of the run's steps as they are now, when the
     * caller read them already (null: read them here). The map is changed.
     */
    void advance(RunRow run, Loaded loaded, RunEvents.Batch events, @Nullable Map<String, StepStatus> known) {
        if (run.status() != RunStatus.RUNNING) {
            return;
        }
        Map<String, StepStatus> states = known != null ? known : store.states(run.id());
        inline.overlay(run.id(), states);
        List<Decision> decisions = Scheduler.decide(loaded.graph(), states, model.conditions(run));
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
        List<String> toQueue = new ArrayList<>();
        for (String nodeId : ready) {
            if (inline.claimUnqueued(run, loaded.node(nodeId)) != null) {
                states.put(nodeId, StepStatus.QUEUED); // claimed by this transaction's chain, which settles it from PENDING
            } else {
                toQueue.add(nodeId);
            }
        }
        Map<String, UUID> queued = store.queue(run.id(), toQueue);
        List<StepJob> jobs = new ArrayList<>();
        queued.forEach((nodeId, stepId) -> {
            states.put(nodeId, StepStatus.QUEUED);
            StepJob job = new StepJob(run.tenantId(), run.id(), stepId, 1, StepJob.Mode.EXECUTE);
            if (!inline.claim(loaded.node(nodeId), job)) {
                jobs.add(job); // a claimed quick step runs in this transaction, after the one that made it ready
            }
        });
        RunStatus outcome = Scheduler.outcome(loaded.graph(), states);
        if (outcome == RunStatus.SUCCEEDED) {
            Map<String, Object> output = new LinkedHashMap<>();
            List<String> terminals = Scheduler.terminals(loaded.graph()).stream().filter(id -> loaded.inScope(id, run.scopeNode())).toList();
            Map<String, String[]> terminal = store.outputs(run.id(), terminals);
            terminal.forEach((nodeId, value) -> {
                if (states.get(nodeId) == StepStatus.SUCCEEDED) {
                    output.put(nodeId, json.read(value[0]));
                }
            });
            store.finishRun(run.id(), RunStatus.SUCCEEDED, json.write(output), null, false);
            inline.runFinished(run.id(), RunStatus.SUCCEEDED);
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
            inline.runFinished(run.id(), RunStatus.FAILED);
            if (run.scopeNode() == null) {
                failures.forEach(listener -> listener.failed(run, runError));
            }
            events.add(null, RunEvent.Type.RUN_FAILED);
            events.run(run, Settlement.RunOutcome.FAILED);
            notifyParent(run);
            return;
        }
        dispatcher.enqueueWithTransaction(jobs);
    }

    /** A finished child run (a sub-workflow's, a loop item's) signals its parent's step, after commit. */
    void notifyParent(RunRow run) {
        if (run.parentRunId() == null || run.parentStepId() == null) {
            return;
        }
        store.step(run.parentStepId()).ifPresent(parentStep -> dispatcher.enqueueWithTransaction(List.of(
                new StepJob(run.tenantId(), run.parentRunId(), parentStep.id(), parentStep.attempt(), StepJob.Mode.SIGNAL, run.id()))));
    }
}
