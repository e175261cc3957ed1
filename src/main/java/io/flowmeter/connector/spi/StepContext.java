package io.flowmeter.connector.spi;

import java.util.Map;
import java.util.UUID;

/** Where an action runs, and the few engine services an action may use. */
public interface StepContext {

    UUID tenantId();

    UUID runId();

    String nodeId();

    int attempt();

    /** Starts a run of another published workflow of the same tenant, linked to this step; returns its id. */
    UUID startChildRun(UUID workflowId, Map<String, Object> input) throws ActionException;
}
