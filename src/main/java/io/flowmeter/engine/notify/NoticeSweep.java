package io.flowmeter.engine.notify;

import io.flowmeter.tenancy.TenantContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every node, every sweep interval: claims the failure notifications that fell due (a window ended with failures
 * pending, or a node died holding a claim) and hands them to JobRunr. One indexed query when there is nothing to do;
 * rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so two nodes sweeping at once claim each message once.
 */
@Component
class NoticeSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NoticeSweep.class);
    static final int BATCH = 200;

    private final FailureNoticeStore notices;
    private final NoticeJobs jobs;
    private final TransactionTemplate tx;
    private final NotificationProperties properties;
    private volatile @Nullable ScheduledExecutorService executor;

    NoticeSweep(FailureNoticeStore notices, NoticeJobs jobs, TransactionTemplate tx, NotificationProperties properties) {
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
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "flowmeter-notifications");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.sweepInterval().toMillis();
        started.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("Failure notification sweep failed: {}", e.getMessage());
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        ScheduledExecutorService running = executor;
        return running != null && !running.isShutdown();
    }
}
