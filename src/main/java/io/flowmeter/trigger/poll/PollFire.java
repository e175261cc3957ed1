package io.flowmeter.trigger.poll;

import org.jobrunr.jobs.lambdas.JobRequest;

import java.util.UUID;

/** One poll of a workflow's source: JobRunr creates it from the workflow's recurring job (ids only). */
public record PollFire(UUID tenantId, UUID workflowId) implements JobRequest {

    @Override
    public Class<PollFireHandler> getJobRequestHandler() {
        return PollFireHandler.class;
    }

    public static String recurringJobId(UUID workflowId) {
        return "poll-" + workflowId;
    }
}
