package io.flowmeter.engine.notify;

import io.flowmeter.shared.PeriodicTask;
import io.flowmeter.tenancy.TenantContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * Every node, every sweep interval: claims the failure notifications that fell due (a window ended with failures
 * pending, or a node died holding a claim) and hands them to JobRunr. One indexed query when there is nothing to do;
 * rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so two nodes sweeping at once claim each message once.
 */
@Component
class NoticeSweep extends PeriodicTask {

    static final int BATCH = 200;

    private final FailureNoticeStore notices;
    private final NoticeJobs jobs;
    private final TransactionTemplate tx;
    private final NotificationProperties properties;

    NoticeSweep(FailureNoticeStore notices, NoticeJobs jobs, TransactionTemplate tx, NotificationProperties properties) {
        super("flowmeter-notifications", properties.sweepInterval());
        this.notices = notices;
        this.jobs = jobs;
        this.tx = tx;
        this.properties = properties;
    }

    /** One sweep; returns how many notifications it claimed. */
    int sweep() {
        List<FailureNoticeStore.Claim> claimed = TenantContext.callAsPlatform(() -> tx.execute(status ->
                notices.claimDue(BATCH, properties.claimTimeout())));
        for (FailureNoticeStore.Claim claim : claimed) {
            jobs.enqueue(new SendNotice(claim.tenantId(), claim.workflowId(), claim.claim()));
        }
        return claimed.size();
    }

    @Override
    protected void runOnce() {
        sweep();
    }

    @Override
    protected String description() {
        return "Failure notification sweep";
    }
}
