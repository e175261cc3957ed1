package io.flowmeter.engine.service;

import org.jobrunr.jobs.lambdas.JobRequest;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The JobRunr job of one step attempt. It carries ids only (never payloads or secrets); its job id is derived
 * from them, so enqueueing the same attempt twice creates one job.
 *
 * @param mode EXECUTE runs the step; RESUME ends a delay; TIMEOUT ends an unanswered wait; SIGNAL collects a
 *             child run's result
 * @param child  for SIGNAL, the child run that finished: a loop's children each signal their own job, so that one
 *               finishing while another's signal is being handled is never merged into it and missed
 */
public record StepJob(UUID tenantId, UUID runId, UUID stepId, int attempt, Mode mode, @Nullable UUID child) implements JobRequest {

    public StepJob(UUID tenantId, UUID runId, UUID stepId, int attempt, Mode mode) {
        this(tenantId, runId, stepId, attempt, mode, null);
    }

    public enum Mode { EXECUTE, RESUME, TIMEOUT, SIGNAL }

    @Override
    public Class<StepJobHandler> getJobRequestHandler() {
        return StepJobHandler.class;
    }

    public UUID jobId() {
        String key = stepId + ":" + attempt + ":" + mode + (child == null ? "" : ":" + child);
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
