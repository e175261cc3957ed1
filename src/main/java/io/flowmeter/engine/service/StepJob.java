package io.flowmeter.engine.service;

import org.jobrunr.jobs.lambdas.JobRequest;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The JobRunr job of one step attempt. It carries ids only (never payloads or secrets); its job id is derived
 * from them, so enqueueing the same attempt twice creates one job.
 *
 * @param mode EXECUTE runs the step; RESUME ends a delay; TIMEOUT ends an unanswered wait; SIGNAL collects a
 *             child run's result
 */
public record StepJob(UUID tenantId, UUID runId, UUID stepId, int attempt, Mode mode) implements JobRequest {

    public enum Mode { EXECUTE, RESUME, TIMEOUT, SIGNAL }

    @Override
    public Class<StepJobHandler> getJobRequestHandler() {
        return StepJobHandler.class;
    }

    public UUID jobId() {
        return UUID.nameUUIDFromBytes((stepId + ":" + attempt + ":" + mode).getBytes(StandardCharsets.UTF_8));
    }
}
