package io.flowmeter.engine.service;

import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.DefinitionCache.Loaded;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.service.RunStore.StepRow;
import io.flowmeter.engine.service.StepCompletion.Failed;
import io.flowmeter.engine.service.StepCompletion.StepAttempt;
import io.flowmeter.engine.service.StepCompletion.Succeeded;
import io.flowmeter.engine.service.StepCompletion.WaitEnded;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.service.WorkflowService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Runs that a step of another run waits for: starts a sub-workflow's child run, and collects a finished child (a
 * SIGNAL job) for the step waiting on it. A sub-workflow step succeeds with the child's output or fails with its
 * error; a loop step's item runs are handed to {@link LoopCoordinator}, which starts the next items or completes.
 */
@Component
class ChildRuns {

    private final RunStore store;
    private final DefinitionCache definitions;
    private final WorkflowService workflows;
    private final RunStarter starter;
    private final StepCompletion completion;
    private final LoopCoordinator loops;
    private final RunEvents runEvents;
    private final EngineJson json;
    private final TransactionTemplate tx;

    ChildRuns(RunStore store, DefinitionCache definitions, WorkflowService workflows, RunStarter starter, StepCompletion completion,
              LoopCoordinator loops, RunEvents runEvents, EngineJson json, TransactionTemplate tx) {
        this.store = store;
        this.definitions = definitions;
        this.workflows = workflows;
        this.starter = starter;
        this.completion = completion;
        this.loops = loops;
        this.runEvents = runEvents;
        this.json = json;
        this.tx = tx;
    }

    /** Starts the child run of a sub-workflow step (from its connector, outside any transaction); returns its id. */
    UUID startSubWorkflow(RunRow run, StepJob job, UUID workflowId, Map<String, Object> input) throws ActionException {
        WorkflowVersion version;
        try {
            version = workflows.latestVersion(workflowId);
        } catch (NotFoundException | ConflictException e) {
            throw ActionException.permanent("Sub-workflow " + workflowId + ": " + e.getMessage());
        }
        // derived from the step attempt: a job that runs twice starts one child
        UUID childId = UUID.nameUUIDFromBytes(("child:" + job.stepId() + ":" + job.attempt()).getBytes(StandardCharsets.UTF_8));
        return starter.start(new RunStarter.Start(childId, workflowId, version, input, "subworkflow", run.id(), job.stepId(), null, Map.of()));
    }

    /**
     * A child run finished: its parent's sub-workflow step succeeds with the child's output, or fails with it; a
     * loop starts its next items, or completes once all are done.
     */
    void collect(StepJob job) {
        tx.executeWithoutResult(status -> {
            RunRow parent = store.lockRun(job.runId()).orElse(null);
            StepRow step = store.step(job.stepId()).orElse(null);
            if (parent == null || step == null || step.status() != StepStatus.WAITING || step.attempt() != job.attempt()) {
                return;
            }
            Waiting waiting = Waiting.parse(json, step.waiting());
            if (waiting instanceof Waiting.Loop loop) {
                RunEvents.Batch events = runEvents.of(parent.tenantId(), parent.id());
                loops.proceed(parent, definitions.load(parent.versionId()), step, loop, events);
                events.flush();
                return;
            }
            UUID childId = waiting instanceof Waiting.Signal signal ? signal.childRunId() : null;
            RunRow child = childId == null ? null : store.run(childId).orElse(null);
            if (child == null || !child.status().finished()) {
                return;
            }
            RunEvents.Batch events = runEvents.of(parent.tenantId(), parent.id());
            Loaded loaded = definitions.load(parent.versionId());
            StepCompletion.Result result = child.status() == RunStatus.SUCCEEDED
                    ? new Succeeded(child.output() == null ? Map.of() : json.read(child.output()), child.output() == null ? "{}" : child.output())
                    : new Failed("Sub-workflow run " + child.id() + " " + child.status().name().toLowerCase()
                            + (child.error() == null ? "" : ": " + child.error()));
            completion.settle(parent, loaded, StepAttempt.of(step), WaitEnded.of(step, false), result, Instant.now(), events);
            events.flush();
        });
    }
}
