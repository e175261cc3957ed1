package io.flowmeter.engine.service;

import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.engine.Settlement;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.DefinitionCache.Loaded;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.service.RunStore.StepRow;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Ends step attempts, in the run's locked transaction. {@link #settle} is the one way a step reaches its final
 * outcome (an action that ran, a wait that ended, a loop with nothing or everything done): the step row, its attempt
 * row, the event, the settlement and advancing the run are written the same way for all of them.
 * {@link #retryLater} ends an attempt that failed while another one is due.
 */
@Component
class StepCompletion {

    /** The attempt of one step that is being ended. */
    record StepAttempt(UUID stepId, String nodeId, int attempt) {
        static StepAttempt of(StepJob job, String nodeId) {
            return new StepAttempt(job.stepId(), nodeId, job.attempt());
        }

        static StepAttempt of(StepRow step) {
            return new StepAttempt(step.id(), step.nodeId(), step.attempt());
        }
    }

    /** How the attempt came to its end. */
    sealed interface Ending permits Executed, WaitEnded {
    }

    /**
     * The step's action ran in this attempt, from {@code started}: the step is settled from QUEUED or RUNNING, the
     * attempt's working time is charged, and its log (if any) kept.
     */
    record Executed(Instant started, @Nullable String log) implements Ending {
    }

    /**
     * A wait ended (a delay, an approval, a sub-workflow, a loop's items): the step is settled from WAITING and no
     * action ran now. {@code startedAt} is when the step started (and its wait began); {@code signalled}, whether a
     * person's signal ended it.
     */
    record WaitEnded(@Nullable Instant startedAt, boolean signalled) implements Ending {
        static WaitEnded of(StepRow step, boolean signalled) {
            return new WaitEnded(step.startedAt(), signalled);
        }
    }

    /** The step's final outcome. */
    sealed interface Result permits Succeeded, Failed {
    }

    /** Succeeded with {@code output}, stored as {@code json}. */
    record Succeeded(@Nullable Object output, String json) implements Result {
    }

    record Failed(String error) implements Result {
    }

    private final RunStore store;
    private final ConnectorRegistry connectors;
    private final RunAdvancer advancer;
    private final JobDispatcher dispatcher;
    private final InlineSteps inline;

    StepCompletion(RunStore store, ConnectorRegistry connectors, RunAdvancer advancer, JobDispatcher dispatcher, InlineSteps inline) {
        this.inline = inline;
        this.store = store;
        this.connectors = connectors;
        this.advancer = advancer;
        this.dispatcher = dispatcher;
    }

    /**
     * Settles the step with its final outcome and moves the run on; false (changing nothing) when the attempt is no
     * longer in the state {@code ending} settles it from (a duplicate or stale job, a cancelled run). Call with the
     * run locked. Every settled attempt gets an attempt row except a quick step's first attempt that succeeded
     * without a log: its step row says all there is, and such steps are most of a run's steps.
     */
    boolean settle(RunRow run, Loaded loaded, StepAttempt step, Ending ending, Result result, Instant finished, RunEvents.Batch events) {
        boolean succeeded = result instanceof Succeeded;
        StepStatus status = succeeded ? StepStatus.SUCCEEDED : StepStatus.FAILED;
        String output = result instanceof Succeeded s ? s.json() : null;
        String error = result instanceof Failed f ? f.error() : null;
        @Nullable Map<String, StepStatus> states = null; // as they are now, when the update read them
        if (ending instanceof Executed executed) {
            // a step claimed by this transaction's chain may still be PENDING; the chain learns the run's step ids here
            states = store.finishReadingStates(run.id(), step.stepId(), step.attempt(), inline.unqueued(step.stepId()), status, output, error,
                    executed.started(), finished, inline.stepIdSink(run.id())).orElse(null);
            if (states == null) {
                return false;
            }
        } else if (!store.finishWaiting(step.stepId(), step.attempt(), status, output, error, finished)) {
            return false;
        }
        Instant started;
        String log;
        long busyMs;
        boolean signalled;
        if (ending instanceof Executed executed) {
            started = executed.started();
            log = executed.log();
            busyMs = busy(started, finished);
            signalled = false;
        } else {
            WaitEnded wait = (WaitEnded) ending;
            started = wait.startedAt() == null ? finished : wait.startedAt();
            log = null;
            busyMs = 0;
            signalled = wait.signalled();
        }
        boolean describedByItsRow = ending instanceof Executed && succeeded && step.attempt() == 1 && log == null && quick(loaded, step.nodeId());
        if (!describedByItsRow) {
            store.insertAttempt(run.tenantId(), run.id(), step.stepId(), step.attempt(), status.name(), error, log, started, finished);
        }
        events.add(step.nodeId(), succeeded ? RunEvent.Type.STEP_SUCCEEDED : RunEvent.Type.STEP_FAILED);
        events.step(run, loaded, step.stepId(), step.nodeId(), succeeded ? Settlement.StepOutcome.SUCCEEDED : Settlement.StepOutcome.FAILED,
                step.attempt(), ending instanceof Executed, busyMs, result instanceof Succeeded s ? s.output() : null, signalled, finished);
        advancer.advance(run, loaded, events, states);
        return true;
    }

    /**
     * Ends an attempt whose action failed with another attempt due at {@code wakeAt}: the step is queued again (its
     * job dispatched after commit, for then), the failed attempt recorded. Call with the run locked.
     */
    void retryLater(RunRow run, Loaded loaded, StepAttempt step, Instant started, String error, @Nullable String log, Instant finished,
                    Instant wakeAt, RunEvents.Batch events) {
        if (!store.retryLater(step.stepId(), step.attempt(), error, wakeAt)) {
            return;
        }
        store.insertAttempt(run.tenantId(), run.id(), step.stepId(), step.attempt(), "FAILED", error, log, started, finished);
        events.add(step.nodeId(), RunEvent.Type.STEP_RETRYING);
        events.step(run, loaded, step.stepId(), step.nodeId(), Settlement.StepOutcome.RETRYING, step.attempt(), true,
                busy(started, finished), null, false, finished);
        dispatcher.scheduleAfterCommit(new StepJob(run.tenantId(), run.id(), step.stepId(), step.attempt() + 1, StepJob.Mode.EXECUTE), wakeAt);
    }

    private boolean quick(Loaded loaded, String nodeId) {
        return connectors.resolve(loaded.node(nodeId).type()).map(r -> r.action().quick()).orElse(false);
    }

    private static long busy(Instant started, Instant finished) {
        return Math.max(0, Duration.between(started, finished).toMillis());
    }
}
