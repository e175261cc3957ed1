package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.AlertKind;
import io.flowmeter.analytics.domain.DropRule;
import io.flowmeter.identity.People;
import io.flowmeter.identity.security.SystemViewer;
import io.flowmeter.identity.service.Mailer;
import io.flowmeter.shared.PublicAddress;
import io.flowmeter.trigger.TriggerHealth;
import io.flowmeter.workflow.service.WorkflowService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks at one organization (bound to the thread) for workflows that stopped paying their way: yesterday's runs or
 * value against the same weekday of the weeks before ({@link DropRule#DEFAULT}), judged once per day, and schedules
 * that missed a fire, looked at every time. Each new alert is stored once and emailed to the organization's admins.
 */
@Component
class RoiAlerts {

    private static final Logger log = LoggerFactory.getLogger(RoiAlerts.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);

    private final RoiBooks books;
    private final RoiReports reports;
    private final AlertStore alerts;
    private final WorkflowService workflows;
    private final TriggerHealth triggers;
    private final People people;
    private final Mailer mailer;
    private final PublicAddress address;
    private final TransactionTemplate tx;
    private final DropRule rule = DropRule.DEFAULT;
    /** The last day judged per organization on this node: drops are judged once a day, not every sweep. */
    private final Map<UUID, LocalDate> judged = new ConcurrentHashMap<>();

    RoiAlerts(RoiBooks books, RoiReports reports, AlertStore alerts, WorkflowService workflows, TriggerHealth triggers, People people,
              Mailer mailer, PublicAddress address, TransactionTemplate tx) {
        this.books = books;
        this.reports = reports;
        this.alerts = alerts;
        this.workflows = workflows;
        this.triggers = triggers;
        this.people = people;
        this.mailer = mailer;
        this.address = address;
        this.tx = tx;
    }

    /** The alerts this look raised (and emailed). */
    List<RoiAlert> check(UUID tenantId, Instant now) {
        RoiBook book = books.of(tenantId);
        LocalDate yesterday = LocalDate.ofInstant(now, book.zone()).minusDays(1);
        List<RoiAlert> raised = new ArrayList<>();
        if (!yesterday.equals(judged.get(tenantId))) {
            raised.addAll(drops(tenantId, book, yesterday, now));
            judged.put(tenantId, yesterday);
        }
        raised.addAll(missedSchedules(tenantId, book, now));
        if (!raised.isEmpty()) {
            email(raised);
        }
        return raised;
    }

    /** Forgets which days were judged (a test, or after a restatement changed the figures). */
    void forgetJudged() {
        judged.clear();
    }

    private List<RoiAlert> drops(UUID tenantId, RoiBook book, LocalDate day, Instant now) {
        Map<String, DropRule.Day> actual = days(tenantId, book.currency(), day);
        List<Map<String, DropRule.Day>> baseline = new ArrayList<>();
        Set<String> judgedWorkflows = new LinkedHashSet<>();
        for (int week = 1; week <= rule.weeks(); week++) {
            Map<String, DropRule.Day> earlier = days(tenantId, book.currency(), day.minusWeeks(week));
            baseline.add(earlier);
            judgedWorkflows.addAll(earlier.keySet());
        }
        String weekday = day.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        List<RoiAlert> raised = new ArrayList<>();
        for (String key : judgedWorkflows) {
            List<DropRule.Day> before = baseline.stream().map(m -> m.getOrDefault(key, DropRule.Day.NONE)).toList();
            DropRule.Day today = actual.getOrDefault(key, DropRule.Day.NONE);
            Optional<DropRule.Drop> drop = rule.judge(before, today);
            if (drop.isEmpty()) {
                continue;
            }
            UUID workflowId = UUID.fromString(key);
            Optional<String> name = workflows.name(workflowId);
            if (name.isEmpty()) {
                continue; // deleted since
            }
            DropRule.Drop d = drop.get();
            String message = d.kind() == AlertKind.VOLUME_DROP
                    ? "%s ran %s on %s, against %s on an average %s of the %d weeks before".formatted(name.get(), times(today.runs()), DAY.format(day),
                    d.baseline().setScale(1, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString(), weekday, rule.weeks())
                    : "%s saved %s on %s, against %s on an average %s of the %d weeks before, with as many runs".formatted(name.get(),
                    money(today.value(), book.currency()), DAY.format(day), money(d.baseline(), book.currency()), weekday, rule.weeks());
            tx.execute(status -> alerts.raise(tenantId, workflowId, d.kind(), day, message, d.baseline(), d.actual(), now)).ifPresent(raised::add);
        }
        return raised;
    }

    private Map<String, DropRule.Day> days(UUID tenantId, String currency, LocalDate day) {
        Map<String, DropRule.Day> days = new HashMap<>();
        for (RoiReports.Group g : tx.execute(status -> reports.byWorkflow(tenantId, currency, day, day))) {
            days.put(g.key(), new DropRule.Day(g.sums().runs(), g.sums().valueSaved()));
        }
        return days;
    }

    private List<RoiAlert> missedSchedules(UUID tenantId, RoiBook book, Instant now) {
        List<RoiAlert> raised = new ArrayList<>();
        for (TriggerHealth.Stopped stopped : SystemViewer.call(() -> triggers.stopped(100, now))) {
            Instant due = stopped.due();
            if (due == null || !"schedule".equals(stopped.trigger())) {
                continue;
            }
            String message = "%s was due to start a run at %s (%s) and has not".formatted(stopped.workflowName(),
                    TIME.format(due.atZone(book.zone())), book.zone().getId());
            tx.execute(status -> alerts.raise(tenantId, stopped.workflowId(), AlertKind.MISSED_SCHEDULE, book.day(due), message, null, null, now))
                    .ifPresent(raised::add);
        }
        return raised;
    }

    private void email(List<RoiAlert> raised) {
        List<String> admins = people.members().stream().filter(People.Member::admin).map(People.Member::email).toList();
        if (admins.isEmpty() || !mailer.isEnabled()) {
            return;
        }
        for (RoiAlert alert : raised) {
            String text = alert.message() + ".\n\nOpen the workflow's ROI: " + address.link("/roi/workflows/" + alert.workflowId())
                    + "\nAll notices are on the ROI dashboard: " + address.link("/roi")
                    + "\n\nYou get this email because you are an admin of this organization in Flowmeter.";
            try {
                mailer.send(admins, "Flowmeter: " + alert.kind().label().toLowerCase(Locale.ROOT) + " — " + alert.message(), text);
                tx.executeWithoutResult(status -> alerts.emailed(alert.id(), admins.size()));
            } catch (MailException e) {
                log.warn("Could not email the alert {} to the admins: {}", alert.id(), e.getMessage());
            }
        }
    }

    private static String times(long runs) {
        return runs == 1 ? "once" : runs + " times";
    }

    private static String money(BigDecimal amount, String currency) {
        return currency + " " + RoiMaths.money(amount, currency).toPlainString();
    }
}
