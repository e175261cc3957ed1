package io.flowmeter.engine.notify;

import io.flowmeter.tenancy.TenantContext;
import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.springframework.stereotype.Component;

/**
 * Sends a failure notification in its tenant. JobRunr does not retry it: a job that dies leaves its claim to expire,
 * and the next sweep claims and sends the message again.
 */
@Component
public class SendNoticeHandler implements JobRequestHandler<SendNotice> {

    private final NoticeSender sender;

    SendNoticeHandler(NoticeSender sender) {
        this.sender = sender;
    }

    @Override
    @Job(name = "Flowmeter failure notification %0", retries = 0)
    public void run(SendNotice notice) {
        TenantContext.runAsTenant(notice.tenantId(), () -> sender.send(notice));
    }
}
