package io.flowmeter.engine.service;

import io.flowmeter.engine.Settlement;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.service.RunStore.StepRow;
import io.flowmeter.shared.NotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What people do to a run while it runs: cancel it (with its child runs), pause it, resume it. */
@Component
class RunControls {

    private final RunStore store;
    private final DefinitionCache definitions;
    private final RunAdvancer advancer;
    private final RunEvents runEvents;
    private final JobDispatcher dispatcher;
    private final EngineJson json;
    private final TransactionTemplate tx;

    RunControls(RunStore store, DefinitionCache definitions, RunAdvancer advancer, RunEvents runEvents, JobDispatcher dispatcher,
                EngineJson json, TransactionTemplate tx) {
        this.store = store;
        this.definitions = definitions;
        this.advancer = advancer;
        this.runEvents = runEvents;
        this.dispatcher = dispatcher;
        this.json = json;
        this.tx = tx;
    }

    /** Stops a run: no new step starts, waiting and queued steps are cancelled, running ones finish unrecorded. */
    boolean cancel(UUID runId) {
        List<UUID> children = new ArrayList<>();
        Boolean changed = tx.execute(status -> {
            RunRow run = store.lockRun(runId).orElseThrow(() -> new NotFoundException("Run not found"));
            if (run.status().finished()) {
                return false;
            }
            store.cancelUnsettled(run.id(), "The run was cancelled");
            store.finishRun(run.id(), RunStatus.CANCELLED, null, "Cancelled", false);
            RunEvents.Batch events = runEvents.of(run.tenantId(), run.id());
            events.add(null, RunEvent.Type.RUN_CANCELLED);
            events.run(run, Settlement.RunOutcome.CANCELLED);
            events.flush();
            children.addAll(store.activeChildren(run.id()));
            advancer.notifyParent(run);
            return true;
        });
        children.forEach(this::cancel);
        return Boolean.TRUE.equals(changed);
    }

    /** Holds a running run: steps in flight finish, nothing new starts until it is resumed. */
    boolean pause(UUID runId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            RunRow run = store.lockRun(runId).orElseThrow(() -> new NotFoundException("Run not found"));
            if (run.status() != RunStatus.RUNNING) {
                return false;
            }
            store.setRunStatus(run.id(), RunStatus.PAUSED);
            RunEvents.Batch events = runEvents.of(run.tenantId(), run.id());
            events.add(null, RunEvent.Type.RUN_PAUSED);
            events.flush();
            return true;
        }));
    }

    /** Continues a paused run from where it stood. */
    boolean resume(UUID runId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            RunRow run = store.lockRun(runId).orElseThrow(() -> new NotFoundException("Run not found"));
            if (run.status() != RunStatus.PAUSED) {
                return false;
            }
            store.setRunStatus(run.id(), RunStatus.RUNNING);
            RunRow resumed = store.lockRun(runId).orElseThrow();
            RunEvents.Batch events = runEvents.of(run.tenantId(), run.id());
            events.add(null, RunEvent.Type.RUN_RESUMED);
            // steps that were queued when the run paused still have (now stale) jobs: give them fresh ones
            List<StepJob> jobs = new ArrayList<>();
            for (StepRow step : store.steps(run.id())) {
                if (step.status() == StepStatus.QUEUED) {
                    jobs.add(new StepJob(run.tenantId(), run.id(), step.id(), step.attempt(), StepJob.Mode.EXECUTE));
                } else if (step.status() == StepStatus.WAITING && Waiting.parse(json, step.waiting()) instanceof Waiting.Loop) {
                    // a loop holds back new items while its run is paused
                    jobs.add(new StepJob(run.tenantId(), run.id(), step.id(), step.attempt(), StepJob.Mode.SIGNAL));
                }
            }
            dispatcher.redispatchAfterCommit(jobs);
            advancer.advance(resumed, definitions.load(run.versionId()), events);
            events.flush();
            return true;
        }));
    }
}
