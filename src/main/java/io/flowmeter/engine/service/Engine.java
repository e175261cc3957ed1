package io.flowmeter.engine.service;

import io.flowmeter.engine.domain.RunStatus;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * The durable state machine of runs, as the rest of the app drives it: starting runs, routing step jobs to what
 * handles each kind, answering waits, and the controls. Every change is a short transaction that locks the run row,
 * makes a conditional status change (so duplicate and stale jobs change nothing) and decides what runs next; jobs are
 * handed to JobRunr only after that transaction committed, and recovery re-dispatches anything a crash left
 * committed but not dispatched. Connectors run outside any transaction. The work itself is done by single-purpose
 * classes of this package ({@link RunStarter}, {@link ChainedStart}, {@link StepExecutor}, {@link Waits}, {@link ChildRuns},
 * {@link RunControls}, {@link RunAdvancer}, ...); this class only routes to them.
 */
@Component
public class Engine {

    /** The longest business key kept; longer ones are cut (the key is for finding a run, not for storing data). */
    public static final int MAX_BUSINESS_KEY = TemplateModel.MAX_BUSINESS_KEY;

    private final ChainedStart starter;
    private final StepExecutor executor;
    private final Waits waits;
    private final ChildRuns children;
    private final RunControls controls;
    private final RunAdvancer advancer;

    Engine(ChainedStart starter, StepExecutor executor, Waits waits, ChildRuns children, RunControls controls, RunAdvancer advancer) {
        this.starter = starter;
        this.executor = executor;
        this.waits = waits;
        this.children = children;
        this.controls = controls;
        this.advancer = advancer;
    }

    /**
     * Stores the run and its steps and dispatches the first ready steps (running the quick ones at once, see
     * {@link ChainedStart}); idempotent on the run id. Answers where the run stands once started.
     */
    RunStatus start(RunStarter.Start start) {
        return starter.start(start, false);
    }

    /**
     * {@link #start} of a run whose id the caller has just made up ({@link java.util.UUID#randomUUID()}), so no run
     * with it can exist: the start does not look for one first (see {@link RunStore#holdRowsOf}).
     */
    RunStatus startNew(RunStarter.Start start) {
        return starter.start(start, true);
    }

    /** Handles a step job, in the job's tenant. */
    void handle(StepJob job) {
        switch (job.mode()) {
            case EXECUTE -> executor.execute(job);
            case RESUME -> waits.endDelay(job);
            case TIMEOUT -> waits.timeOut(job);
            case SIGNAL -> children.collect(job);
        }
    }

    /**
     * Answers a waiting step of the current tenant (an approval). False when the step is not waiting for that
     * kind of signal (already answered, timed out, or another kind).
     */
    public boolean signal(UUID runId, String nodeId, String kind, Object output) {
        return waits.signal(runId, nodeId, kind, output);
    }

    /** Re-evaluates a run (after resume, or from recovery): dispatches ready steps, finishes a run that is done. */
    public void reevaluate(UUID runId) {
        advancer.reevaluate(runId);
    }

    /** Stops a run: no new step starts, waiting and queued steps are cancelled, running ones finish unrecorded. */
    public boolean cancel(UUID runId) {
        return controls.cancel(runId);
    }

    /** Holds a running run: steps in flight finish, nothing new starts until it is resumed. */
    public boolean pause(UUID runId) {
        return controls.pause(runId);
    }

    /** Continues a paused run from where it stood. */
    public boolean resume(UUID runId) {
        return controls.resume(runId);
    }
}
