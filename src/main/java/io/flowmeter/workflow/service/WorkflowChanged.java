package io.flowmeter.workflow.service;

import java.util.UUID;

/**
 * Published after a transaction that changed what a workflow's triggers should do has committed: a version was
 * published, or the workflow was paused or resumed. Triggers (schedules, polling) re-read the workflow on it.
 */
public record WorkflowChanged(UUID tenantId, UUID workflowId) {
}
