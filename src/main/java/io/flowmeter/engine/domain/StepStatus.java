package io.flowmeter.engine.domain;

/** A step run's state. PENDING waits for its inputs; QUEUED has a job; settled states are final. */
public enum StepStatus {
    PENDING, QUEUED, RUNNING, WAITING, SUCCEEDED, FAILED, SKIPPED, CANCELLED;

    public boolean settled() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED || this == CANCELLED;
    }

    /** Has (or is about to have) a job or a timer working on it. */
    public boolean active() {
        return this == QUEUED || this == RUNNING || this == WAITING;
    }
}
