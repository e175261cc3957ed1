package io.flowmeter.trigger.schedule;

import org.jobrunr.jobs.lambdas.JobRequest;

import java.util.UUID;

/**
 * One fire of a workflow's schedule: JobRunr creates it from the workflow's recurring job (ids only).
 *
 * @param queued a fire that waited for the previous run to end (overlap policy "queue") and is trying again
 */
public record ScheduleFire(UUID tenantId, UUID workflowId, boolean queued) implements JobRequest {

    @Override
    public Class<ScheduleFireHandler> getJobRequestHandler() {
        return ScheduleFireHandler.class;
    }

    /** The recurring job's id: one per workflow. */
    public static String recurringJobId(UUID workflowId) {
        return "schedule-" + workflowId;
    }
}
