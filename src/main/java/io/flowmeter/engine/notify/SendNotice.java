package io.flowmeter.engine.notify;

import org.jobrunr.jobs.lambdas.JobRequest;

import java.util.UUID;

/**
 * The JobRunr job that sends one claimed failure notification: ids only, never the message or a recipient. Its job
 * id is the claim, so a claim is sent by one job.
 */
public record SendNotice(UUID tenantId, UUID workflowId, UUID claim) implements JobRequest {

    @Override
    public Class<SendNoticeHandler> getJobRequestHandler() {
        return SendNoticeHandler.class;
    }
}
