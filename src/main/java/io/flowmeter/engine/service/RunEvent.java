package io.flowmeter.engine.service;

import org.jspecify.annotations.Nullable;

import java.util.UUID;

/**
 * Something happened to a run or one of its steps. Published as a Spring application event after the change
 * committed, and to other nodes over PostgreSQL {@code NOTIFY flowmeter_events} ({@code remote} on arrival).
 */
public record RunEvent(UUID tenantId, UUID runId, @Nullable String nodeId, Type type, boolean remote) {

    public enum Type {
        RUN_STARTED, RUN_SUCCEEDED, RUN_FAILED, RUN_CANCELLED, RUN_PAUSED, RUN_RESUMED,
        STEP_STARTED, STEP_SUCCEEDED, STEP_FAILED, STEP_WAITING, STEP_SKIPPED, STEP_RETRYING
    }
}
