package io.flowmeter.engine.domain;

public enum RunStatus {
    RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
