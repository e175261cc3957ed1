package io.flowmeter.engine.service;

import io.flowmeter.engine.domain.RunStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Objects;

/**
 * Starts a run and, in the same transaction, runs the quick steps it starts with ({@link InlineSteps}): a run of
 * logic steps only is done when its start commits, without a single job; the first step with I/O, and everything past
 * the chain's budget, becomes a job as usual. Nothing is less durable: until that commit nothing of the run exists, so
 * a crash loses only a start that was never acknowledged. Should a chained step make the transaction fail, the start is
 * rolled back and made again without chaining, so the failing step fails on its own, as a job.
 * <p>
 * While the chain runs, the run's rows are kept in memory and written once when it ends ({@link RunStore#holdRowsOf}):
 * a run the chain finishes is inserted finished, with its steps settled, instead of inserted and then updated step by
 * step. Any statement the chain makes about something else writes them first, so it sees what it would have seen.
 * <p>
 * Only runs started on their own chain: a start that joins its caller's transaction (a loop's items, a sub-workflow, a
 * trigger that records something with the run) cannot be rolled back and retried alone, and starts as before.
 */
@Component
class ChainedStart {

    private static final Logger log = LoggerFactory.getLogger(ChainedStart.class);

    private final RunStarter starter;
    private final StepExecutor executor;
    private final InlineSteps inlineSteps;
    private final RunStore store;
    private final TransactionTemplate tx;

    ChainedStart(RunStarter starter, StepExecutor executor, InlineSteps inlineSteps, RunStore store, TransactionTemplate tx) {
        this.starter = starter;
        this.store = store;
        this.executor = executor;
        this.inlineSteps = inlineSteps;
        this.tx = tx;
    }

    /**
     * {@link RunStarter#start}, with the run's first quick steps run in its transaction where that is safe; answers
     * where the run stands once started: running, or done when its chain ran it to the end. {@code fresh}: the caller
     * has just made the run's id up, so no run with it exists.
     */
    RunStatus start(RunStarter.Start start, boolean fresh) {
        if (start.parentRunId() != null || start.scope() != null || TransactionSynchronizationManager.isActualTransactionActive()) {
            starter.start(start);
            return RunStatus.RUNNING;
        }
        Opened opened = new Opened();
        try {
            return Objects.requireNonNull(tx.execute(status -> {
                try (InlineSteps.Chain chain = inlineSteps.open(start.runId(), true)) {
                    opened.chain = chain;
                    if (chain == null) {
                        starter.start(start);
                        return store.status(start.runId()).orElse(RunStatus.RUNNING); // chaining is switched off
                    }
                    // the run's rows stay in memory while the chain runs, and are written once, as they stand at its end
                    store.holdRowsOf(start.runId(), fresh);
                    starter.start(start); // joins this transaction; its advance claims the quick first steps
                    executor.runClaimed(chain);
                    store.writeHeld();
                    // the chain saw the run finish, if it did (a run whose trigger is all there is finishes as it starts)
                    RunStatus finished = chain.finished();
                    return finished == null ? RunStatus.RUNNING : finished;
                } finally {
                    store.releaseHeld();
                }
            }));
        } catch (RuntimeException e) {
            if (e instanceof RunStore.AlreadyStarted) {
                // started meanwhile (or again, under an id said to be new): the run is there as that start left it
                return Objects.requireNonNull(tx.execute(status -> store.status(start.runId()).orElse(RunStatus.RUNNING)));
            }
            if (opened.chain == null || opened.chain.claimed() == 0) {
                throw e;
            }
            log.debug("A chained step of new run {} failed its transaction; starting it without chaining", start.runId(), e);
            starter.start(start);
            return RunStatus.RUNNING;
        }
    }

    private static final class Opened {
        InlineSteps.@Nullable Chain chain;
    }
}
