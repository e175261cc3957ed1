package io.flowmeter.analytics.service;

import io.flowmeter.analytics.AnalyticsProperties;
import io.flowmeter.analytics.domain.Cadence;
import io.flowmeter.shared.PeriodicTask;
import io.flowmeter.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every node, every statement interval: for each organization with a schedule whose last whole period (in its time
 * zone) has not been sent, claims the period (once, whichever node gets there first) and emails the statement. A
 * sending that fails is recorded on the schedule, shown in the ROI settings, and not tried again by itself: "Send now"
 * there sends it again.
 */
@Component
class StatementSweep extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(StatementSweep.class);

    private final StatementScheduleStore schedules;
    private final StatementMailer mailer;
    private final RoiBooks books;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    StatementSweep(StatementScheduleStore schedules, StatementMailer mailer, RoiBooks books, TransactionTemplate tx, AnalyticsProperties properties) {
        super("flowmeter-roi-statements", properties.statementInterval());
        this.schedules = schedules;
        this.mailer = mailer;
        this.books = books;
        this.tx = tx;
    }

    /** One look at every schedule; returns how many statements it tried to send. */
    int sweep() {
        List<UUID> tenants = TenantContext.callAsPlatform(() -> tx.execute(status -> schedules.scheduledTenants()));
        int tried = 0;
        for (UUID tenant : tenants) {
            try {
                tried += TenantContext.callAsTenant(tenant, () -> sendDue(tenant) ? 1 : 0);
            } catch (RuntimeException e) {
                log.warn("ROI statement of organization {} not sent: {}", tenant, e.getMessage());
            }
        }
        return tried;
    }

    private boolean sendDue(UUID tenant) {
        Optional<StatementSchedule> found = tx.execute(status -> schedules.find(tenant));
        if (found == null || found.isEmpty()) {
            return false;
        }
        StatementSchedule schedule = found.get();
        LocalDate today = LocalDate.now(clock.withZone(books.of(tenant).zone()));
        Cadence.Period period = schedule.cadence().lastWholePeriod(today);
        if (schedule.sentThrough() != null && !schedule.sentThrough().isBefore(period.to())) {
            return false;
        }
        if (!Boolean.TRUE.equals(tx.execute(status -> schedules.claim(tenant, period.to())))) {
            return false; // another node got there first
        }
        String result = sendOrSayWhy(schedule, period);
        tx.executeWithoutResult(status -> schedules.result(tenant, clock.instant(), result));
        log.info("Scheduled ROI statement of organization {}: {}", tenant, result);
        return true;
    }

    /** The period is claimed: a failure is said in the schedule's result, so "Send now" can send it. */
    private String sendOrSayWhy(StatementSchedule schedule, Cadence.Period period) {
        try {
            return mailer.send(schedule.recipients(), period);
        } catch (RuntimeException e) {
            return "The statement for " + period.from() + " to " + period.to() + " was not sent: " + e.getMessage();
        }
    }

    @Override
    protected void runOnce() {
        sweep();
    }

    @Override
    protected String description() {
        return "ROI statement sweep";
    }
}
