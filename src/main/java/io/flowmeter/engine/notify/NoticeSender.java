package io.flowmeter.engine.notify;

import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.service.WorkflowService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Sends one claimed failure notification, in its tenant: reads what it reports and who hears it (the settings as they
 * are now), delivers it by email and to Slack outside any transaction, then records how that went and starts the
 * next window, provided the claim is still this job's. Deliveries that fail are recorded and logged, never thrown: a
 * revoked Slack token or a dead SMTP server costs a message, not a run.
 */
@Component
class NoticeSender {

    private static final Logger log = LoggerFactory.getLogger(NoticeSender.class);

    private final FailureNoticeStore notices;
    private final NotificationSettingsStore settings;
    private final WorkflowService workflows;
    private final EmailChannel email;
    private final SlackChannel slack;
    private final TransactionTemplate tx;
    private final NotificationProperties properties;
    private final FailureThrottle throttle;

    NoticeSender(FailureNoticeStore notices, NotificationSettingsStore settings, WorkflowService workflows, EmailChannel email,
                 SlackChannel slack, TransactionTemplate tx, NotificationProperties properties) {
        this.notices = notices;
        this.settings = settings;
        this.workflows = workflows;
        this.email = email;
        this.slack = slack;
        this.tx = tx;
        this.properties = properties;
        this.throttle = new FailureThrottle(properties.window());
    }

    void send(SendNotice notice) {
        var tenant = TenantContext.requireTenant();
        Optional<FailureNoticeStore.Report> found = tx.execute(status -> notices.report(notice.workflowId(), notice.claim()));
        if (found == null || found.isEmpty()) {
            return; // the claim expired and another sender took over, or there is nothing left to report
        }
        FailureNoticeStore.Report report = found.get();
        NotificationTargets targets = tx.execute(status -> settings.effective(tenant, notice.workflowId()));
        String name = workflows.name(notice.workflowId()).orElse("(deleted workflow)");
        var message = new FailureMessage(name, notice.workflowId(), report.failures(), report.since(), report.latestRunId(),
                report.latestError(), properties.window(), properties.baseUrl());
        List<Delivery> deliveries = deliver(targets == null ? NotificationTargets.NONE : targets, message, notice);
        String outcome = deliveries.isEmpty() ? "Not sent: nobody is to be notified any more"
                : deliveries.stream().map(Delivery::detail).collect(Collectors.joining("; "));
        boolean retry = !deliveries.isEmpty() && deliveries.stream().noneMatch(Delivery::delivered) && deliveries.stream().anyMatch(Delivery::retryable);
        if (deliveries.stream().anyMatch(d -> !d.delivered())) {
            log.warn("Failure notification of workflow {} (tenant {}): {}{}", notice.workflowId(), tenant, outcome,
                    retry ? "; trying again in " + properties.window() : "");
        }
        Boolean recorded = tx.execute(status -> notices.lockClaimed(notice.workflowId(), notice.claim()).map(locked -> {
            FailureThrottle.State next = retry ? throttle.undelivered(locked.state(), locked.now())
                    : throttle.sent(locked.state(), report.failures(), report.readAt(), locked.now());
            notices.delivered(notice.workflowId(), next, retry ? "Trying again later. " + outcome : outcome);
            return true;
        }).orElse(false));
        if (!Boolean.TRUE.equals(recorded)) {
            log.warn("Failure notification of workflow {} took longer than its claim ({}); another node may have sent it too",
                    notice.workflowId(), properties.claimTimeout());
        }
    }

    private List<Delivery> deliver(NotificationTargets targets, FailureMessage message, SendNotice notice) {
        List<Delivery> deliveries = new ArrayList<>();
        if (!targets.emails().isEmpty()) {
            deliveries.add(email.deliver(targets.emails(), message));
        }
        if (targets.slackChannel() != null) {
            deliveries.add(slack.deliver(targets.slackConnection(), targets.slackChannel(), message, notice.claim()));
        }
        return deliveries;
    }
}
