package io.flowmeter.analytics.api;

import io.flowmeter.analytics.domain.Cadence;
import io.flowmeter.analytics.service.AlertService;
import io.flowmeter.analytics.service.RoiAlert;
import io.flowmeter.analytics.service.StatementSchedule;
import io.flowmeter.analytics.service.StatementService;
import io.flowmeter.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** ROI alerts and the emailed statement's schedule over REST. */
@RestController
@RequestMapping("/api/v1/analytics")
class NoticesController {

    record AlertView(UUID id, UUID workflowId, String kind, LocalDate day, String message, @Nullable String baseline, @Nullable String actual,
                     Instant raisedAt, int emailedTo) {
        static AlertView of(RoiAlert a) {
            return new AlertView(a.id(), a.workflowId(), a.kind().name().toLowerCase(Locale.ROOT), a.day(), a.message(),
                    a.baseline() == null ? null : a.baseline().stripTrailingZeros().toPlainString(),
                    a.actual() == null ? null : a.actual().stripTrailingZeros().toPlainString(), a.raisedAt(), a.emailedTo());
        }
    }

    record ScheduleRequest(@Nullable String cadence, @Nullable List<UUID> recipients) {
    }

    record ScheduleView(@Nullable String cadence, List<UUID> recipients, @Nullable LocalDate sentThrough, @Nullable Instant lastSentAt,
                        @Nullable String lastResult) {
        static ScheduleView of(@Nullable StatementSchedule s) {
            return s == null ? new ScheduleView(null, List.of(), null, null, null)
                    : new ScheduleView(s.cadence().name().toLowerCase(Locale.ROOT), s.recipients(), s.sentThrough(), s.lastSentAt(), s.lastResult());
        }
    }

    private final AlertService alerts;
    private final StatementService statements;

    NoticesController(AlertService alerts, StatementService statements) {
        this.alerts = alerts;
        this.statements = statements;
    }

    @GetMapping("/alerts")
    List<AlertView> alerts(@RequestParam(required = false) @Nullable UUID workflowId) {
        return alerts.open(workflowId).stream().map(AlertView::of).toList();
    }

    @PostMapping("/alerts/{alertId}/dismiss")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void dismiss(@PathVariable UUID alertId) {
        alerts.dismiss(alertId);
    }

    @GetMapping("/statements/schedule")
    ScheduleView schedule() {
        return ScheduleView.of(statements.schedule().orElse(null));
    }

    @PutMapping("/statements/schedule")
    ScheduleView saveSchedule(@RequestBody ScheduleRequest request) {
        Cadence cadence = cadence(request.cadence());
        List<UUID> recipients = request.recipients() == null ? List.of() : request.recipients();
        if (recipients.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidInputException("recipients", "Recipients are member ids");
        }
        return ScheduleView.of(statements.save(cadence, recipients).orElse(null));
    }

    @PostMapping("/statements/send")
    Map<String, String> sendNow() {
        return Map.of("result", statements.sendNow());
    }

    private static @Nullable Cadence cadence(@Nullable String text) {
        if (text == null || text.isBlank() || text.equalsIgnoreCase("off")) {
            return null;
        }
        try {
            return Cadence.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cadence", "The cadence is weekly, monthly or off");
        }
    }
}
