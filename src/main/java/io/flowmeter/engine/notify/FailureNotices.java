package io.flowmeter.engine.notify;

import io.flowmeter.engine.service.RunFailures;
import io.flowmeter.engine.service.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.UUID;

/**
 * Counts a failed run for its workflow's notification, in the transaction that fails the run: the count commits with
 * the failure or not at all. When the count makes a message due now (the first failure after a quiet window) and no
 * one is sending one, the message is claimed in the same transaction and its job handed to JobRunr after commit;
 * should that hand-off be lost (the node dies), the claim expires and the sweep sends it.
 */
@Component
class FailureNotices implements RunFailures {

    private static final Logger log = LoggerFactory.getLogger(FailureNotices.class);
    static final int MAX_ERROR = 1000;

    private final NotificationSettingsStore settings;
    private final FailureNoticeStore notices;
    private final NoticeJobs jobs;
    private final NotificationProperties properties;
    private final FailureThrottle throttle;

    FailureNotices(NotificationSettingsStore settings, FailureNoticeStore notices, NoticeJobs jobs, NotificationProperties properties) {
        this.settings = settings;
        this.notices = notices;
        this.jobs = jobs;
        this.properties = properties;
        this.throttle = new FailureThrottle(properties.window());
    }

    @Override
    public void failed(RunStore.RunRow run, String error) {
        if (settings.effective(run.tenantId(), run.workflowId()).isEmpty()) {
            return; // nobody to tell: nothing is counted, so switching notifications on later does not report old failures
        }
        FailureNoticeStore.Locked locked = notices.lock(run.tenantId(), run.workflowId());
        FailureThrottle.State counted = throttle.failed(locked.state(), locked.now());
        UUID claim = throttle.due(counted, locked.now()) && !locked.claimed() ? UUID.randomUUID() : null;
        notices.counted(run.workflowId(), counted, run.id(), error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error,
                claim, properties.claimTimeout());
        if (claim != null) {
            SendNotice notice = new SendNotice(run.tenantId(), run.workflowId(), claim);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    try {
                        jobs.enqueue(notice);
                    } catch (RuntimeException e) {
                        log.warn("Could not hand the failure notification of workflow {} to JobRunr ({}); it is sent once its claim expires",
                                run.workflowId(), e.getMessage());
                    }
                }
            });
        }
    }
}
