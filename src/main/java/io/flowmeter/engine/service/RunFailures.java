package io.flowmeter.engine.service;

/**
 * Told about every run that fails (and is parked), inside the transaction that fails it: what an implementation
 * writes commits or rolls back with the run's new status, so a crash right after cannot lose it. Loop items' runs are
 * not reported (their loop's run fails in turn). Implementations must be quick and must not call out of the database.
 */
public interface RunFailures {

    /**
     * @param run   the run as it was locked, before it was marked failed
     * @param error the run's error as stored ("Step 'x' failed: ..."), already free of the step's secrets
     */
    void failed(RunStore.RunRow run, String error);
}
