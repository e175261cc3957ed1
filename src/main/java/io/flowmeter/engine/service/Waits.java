package io.flowmeter.engine.service;

import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.service.RunStore.StepRow;
import io.flowmeter.engine.service.StepCompletion.StepAttempt;
import io.flowmeter.engine.service.StepCompletion.Succeeded;
import io.flowmeter.engine.service.StepCompletion.WaitEnded;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.tenancy.TenantContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.UUID;

/**
 * Steps that wait, durably and holding no thread: a delay until its time, a signal (an approval's answer) or its
 * timeout. Begins the wait (the step row WAITING, a timed job for its end) and ends it, never early: a timed job that
 * JobRunr released before its time goes back on the timer. (Sub-workflows and loops wait too; their ends are
 * {@link ChildRuns}' and {@link LoopCoordinator}'s.)
 */
@Component
class Waits {

    private final RunStore store;
    private final DefinitionCache definitions;
    private final StepCompletion completion;
    private final RunEvents runEvents;
    private final JobDispatcher dispatcher;
    private final EngineJson json;
    private final TransactionTemplate tx;

    Waits(RunStore store, DefinitionCache definitions, StepCompletion completion, RunEvents runEvents, JobDispatcher dispatcher,
          EngineJson json, TransactionTemplate tx) {
        this.store = store;
        this.definitions = definitions;
        this.completion = completion;
        this.runEvents = runEvents;
        this.dispatcher = dispatcher;
        this.json = json;
        this.tx = tx;
    }

    /** In the run's locked transaction: the attempt waits until {@code wait.until()}, then succeeds with its output. */
    void beginDelay(RunRow run, StepJob job, String nodeId, ActionResult.WaitUntil wait, Instant started, RunEvents.Batch events) {
        Waiting waiting = new Waiting.Delay(wait.until(), wait.output());
        if (store.await(job.stepId(), job.attempt(), json.write(waiting.toMap()), wait.until(), started)) {
            events.add(nodeId, RunEvent.Type.STEP_WAITING);
            dispatcher.scheduleAfterCommit(new StepJob(run.tenantId(), run.id(), job.stepId(), job.attempt(), StepJob.Mode.RESUME), wait.until());
        }
    }

    /** In the run's locked transaction: the attempt waits for a signal of {@code wait.kind()}, or for its timeout. */
    void beginSignal(RunRow run, StepJob job, String nodeId, ActionResult.WaitForSignal wait, Instant started, RunEvents.Batch events) {
        Waiting waiting = new Waiting.Signal(wait.kind(), wait.waitingInfo(), wait.timeoutOutput());
        if (store.await(job.stepId(), job.attempt(), json.write(waiting.toMap()), wait.timeoutAt(), started)) {
            events.add(nodeId, RunEvent.Type.STEP_WAITING);
            if (wait.timeoutAt() != null) {
                dispatcher.scheduleAfterCommit(new StepJob(run.tenantId(), run.id(), job.stepId(), job.attempt(), StepJob.Mode.TIMEOUT), wait.timeoutAt());
            }
        }
    }

    /** A delay's time came (a RESUME job): the step succeeds with the delay's output. */
    void endDelay(StepJob job) {
        endWait(job, Waiting.Delay.KIND, null);
    }

    /** An approval was not answered in time (a TIMEOUT job): the step succeeds with its timeout output. */
    void timeOut(StepJob job) {
        endWait(job, Waiting.Signal.APPROVAL, null);
    }

    /**
     * Answers a waiting step of the current tenant (an approval). False when the step is not waiting for that
     * kind of signal (already answered, timed out, or another kind).
     */
    boolean signal(UUID runId, String nodeId, String kind, Object output) {
        StepRow step = tx.execute(status -> store.step(runId, nodeId).orElse(null));
        if (step == null) {
            throw new NotFoundException("No step '" + nodeId + "' in this run");
        }
        if (step.status() != StepStatus.WAITING || !kind.equals(Waiting.parse(json, step.waiting()).kind())) {
            return false;
        }
        endWait(new StepJob(TenantContext.requireTenant(), runId, step.id(), step.attempt(), StepJob.Mode.SIGNAL), kind, output);
        return Boolean.TRUE.equals(tx.execute(status -> store.step(step.id()).map(s -> s.status() == StepStatus.SUCCEEDED).orElse(false)));
    }

    /** Ends a wait of {@code kind}: a delay that is over, an approval that timed out, or (with a payload) a signal. */
    private void endWait(StepJob job, String kind, @Nullable Object signalOutput) {
        tx.executeWithoutResult(status -> {
            RunRow run = store.lockRun(job.runId()).orElse(null);
            StepRow step = store.step(job.stepId()).orElse(null);
            if (run == null || step == null || step.status() != StepStatus.WAITING || step.attempt() != job.attempt()) {
                return;
            }
            Waiting waiting = Waiting.parse(json, step.waiting());
            if (!kind.equals(waiting.kind()) || (signalOutput == null && tooEarly(job, step))) {
                return;
            }
            Object output = signalOutput != null ? signalOutput
                    : waiting instanceof Waiting.Delay delay ? delay.output()
                    : waiting instanceof Waiting.Signal signal ? signal.timeoutOutput() : null;
            RunEvents.Batch events = runEvents.of(run.tenantId(), run.id());
            completion.settle(run, definitions.load(run.versionId()), StepAttempt.of(step), WaitEnded.of(step, signalOutput != null),
                    new Succeeded(output, json.write(output)), Instant.now(), events);
            events.flush();
        });
    }

    /**
     * A timed job that arrived before its time (a delay's end, a timeout, a retry's backoff or a rate limit's hold:
     * JobRunr releases scheduled jobs up to a poll early) is put back on the timer: a wait never ends early.
     */
    boolean tooEarly(StepJob job, StepRow step) {
        if (step.wakeAt() != null && Instant.now().isBefore(step.wakeAt())) {
            dispatcher.redispatchAt(job, step.wakeAt());
            return true;
        }
        return false;
    }
}
