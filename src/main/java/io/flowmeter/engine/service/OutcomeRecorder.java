package io.flowmeter.engine.service;

import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.engine.service.ConnectorCall.Outcome;
import io.flowmeter.engine.service.DefinitionCache.Loaded;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.service.StepCompletion.Executed;
import io.flowmeter.engine.service.StepCompletion.Failed;
import io.flowmeter.engine.service.StepCompletion.StepAttempt;
import io.flowmeter.engine.service.StepCompletion.Succeeded;
import io.flowmeter.workflow.domain.RetryPolicy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;

/**
 * Records what an attempt of a step's action came to, in one transaction under the run's lock: an output (the step
 * succeeds), a wait or a loop (the step waits), or a failure (retried under the step's retry policy, or the step fails).
 */
@Component
class OutcomeRecorder {

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);

    private final RunStore store;
    private final DefinitionCache definitions;
    private final StepCompletion completion;
    private final Waits waits;
    private final LoopCoordinator loops;
    private final RunEvents runEvents;
    private final EngineJson json;
    private final TransactionTemplate tx;
    private final InlineSteps inline;

    OutcomeRecorder(RunStore store, DefinitionCache definitions, StepCompletion completion, Waits waits, LoopCoordinator loops,
                    RunEvents runEvents, EngineJson json, TransactionTemplate tx, InlineSteps inline) {
        this.inline = inline;
        this.store = store;
        this.definitions = definitions;
        this.completion = completion;
        this.waits = waits;
        this.loops = loops;
        this.runEvents = runEvents;
        this.json = json;
        this.tx = tx;
    }

    /**
     * Records an attempt's outcome. Should the database refuse its data (a value that slipped past the checks), the
     * step fails, non-retryably, with the reason: an outcome that cannot be stored would otherwise fail its job on
     * every retry, repeating the call while the step stays running.
     */
    void complete(StepJob job, String nodeId, Outcome outcome, Instant started, @Nullable String logs) {
        try {
            tx.executeWithoutResult(status -> record(job, nodeId, outcome, started, logs));
        } catch (DataIntegrityViolationException e) {
            refused(job, nodeId, outcome, started, logs, e);
        }
    }

    /**
     * The database refused to store {@code outcome} (its transaction rolled back): the attempt fails with the reason,
     * in a transaction of its own.
     */
    void refused(StepJob job, String nodeId, Outcome outcome, Instant started, @Nullable String logs, DataIntegrityViolationException e) {
        if (outcome instanceof Outcome.Failed failed && !failed.retryable() && logs == null) {
            throw e; // even the plain failure could not be stored
        }
        String reason = e.getMostSpecificCause().getMessage();
        log.warn("The outcome of step {} of run {} could not be stored: {}", nodeId, job.runId(), reason);
        Outcome failure = new Outcome.Failed("The step's result could not be stored: "
                + StorableOutput.cleanText(reason == null ? "refused by the database" : reason.lines().findFirst().orElse(reason)), false, null);
        tx.executeWithoutResult(status -> record(job, nodeId, failure, started, null));
    }

    /** Records the outcome in the caller's transaction, under the run's lock (taken here). */
    void record(StepJob job, String nodeId, Outcome outcome, Instant started, @Nullable String logs) {
        record(store.lockRun(job.runId()).orElseThrow(), job, nodeId, outcome, started, logs);
    }

    /** Records the outcome in the caller's transaction, which holds the lock of {@code run} (read under it). */
    void record(RunRow run, StepJob job, String nodeId, Outcome outcome, Instant started, @Nullable String logs) {
        Instant finished = Instant.now();
        Loaded loaded = definitions.load(run.versionId());
        RunEvents.Batch events = runEvents.of(run.tenantId(), run.id());
        StepAttempt attempt = StepAttempt.of(job, nodeId);
        Executed executed = new Executed(started, logs);
        if (outcome instanceof Outcome.Done done) {
            ActionResult result = done.result();
            if (result instanceof ActionResult.Completed completed) {
                String output = json.writeOutput(completed.output());
                completion.settle(run, loaded, attempt, executed, output == null
                        ? new Failed("The output is larger than " + EngineJson.MAX_OUTPUT_BYTES / 1000 + " kB")
                        : new Succeeded(completed.output(), output), finished, events);
            } else if (result instanceof ActionResult.WaitUntil wait) {
                queueIfClaimed(run, job, nodeId);
                waits.beginDelay(run, job, nodeId, wait, started, events);
            } else if (result instanceof ActionResult.WaitForSignal wait) {
                queueIfClaimed(run, job, nodeId);
                waits.beginSignal(run, job, nodeId, wait, started, events);
            } else if (result instanceof ActionResult.Loop loop) {
                queueIfClaimed(run, job, nodeId);
                loops.start(run, loaded, job, nodeId, loop, started, finished, logs, events);
            }
        } else if (outcome instanceof Outcome.Failed failed) {
            RetryPolicy policy = RetryPolicy.orDefault(loaded.node(nodeId).retry());
            if (failed.retryable() && job.attempt() < policy.attempts()) {
                Instant wakeAt = finished.plus(policy.delay(job.attempt() + 1, failed.retryAfter()));
                queueIfClaimed(run, job, nodeId);
                completion.retryLater(run, loaded, attempt, started, failed.error(), logs, finished, wakeAt, events);
            } else {
                String error = failed.retryable() ? failed.error() + " (gave up after " + job.attempt() + " attempts)" : failed.error();
                completion.settle(run, loaded, attempt, executed, new Failed(error), finished, events);
            }
        }
        events.flush();
    }

    /**
     * A step its chain claimed without queueing it ({@link InlineSteps#claimUnqueued}) settles from PENDING; one that does
     * not settle now (it waits, loops or is tried again) is queued first, as every other step is before its attempt.
     */
    private void queueIfClaimed(RunRow run, StepJob job, String nodeId) {
        if (inline.unqueued(job.stepId())) {
            store.queue(run.id(), List.of(nodeId));
            inline.queued(job.stepId());
        }
    }
}
