package io.flowmeter.analytics.api;

import io.flowmeter.analytics.domain.Assumption;
import io.flowmeter.analytics.domain.AssumptionKind;
import io.flowmeter.analytics.service.RoiBook;
import io.flowmeter.analytics.service.RoiMaths;
import io.flowmeter.analytics.service.RoiReports;
import io.flowmeter.analytics.service.RoiService;
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

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** ROI over REST: settings and assumptions, a workflow's value per run, summary and series, restatements. */
@RestController
@RequestMapping("/api/v1")
class AnalyticsController {

    record NamedRate(@Nullable String name, @Nullable BigDecimal hourlyRate) {
    }

    record LlmPrice(@Nullable String model, @Nullable BigDecimal inputPerMillion, @Nullable BigDecimal outputPerMillion) {
    }

    record CallFee(@Nullable String type, @Nullable BigDecimal fee) {
    }

    /** The named rate a member's own time is priced at when they decide an approval. */
    record MemberRate(@Nullable String email, @Nullable String rate) {
    }

    /** Absent fields stay as they are; every changed figure becomes a new version with the evidence given. */
    record Settings(@Nullable String currency, @Nullable String timeZone, @Nullable BigDecimal hourlyRate,
                    @Nullable BigDecimal computeRatePerHour, @Nullable BigDecimal triageMinutesPerFailure, @Nullable BigDecimal fteHoursPerYear,
                    @Nullable List<NamedRate> rates, @Nullable List<LlmPrice> llmPrices, @Nullable List<CallFee> callFees,
                    @Nullable List<MemberRate> memberRates,
                    @Nullable String evidence, @Nullable String evidenceUrl, @Nullable String confidence, @Nullable String basis,
                    @Nullable String effectiveFrom) {
    }

    record WorkflowValue(@Nullable BigDecimal minutesPerRun, @Nullable BigDecimal outcomePerRun, @Nullable String rate,
                         @Nullable String evidence, @Nullable String evidenceUrl, @Nullable String confidence, @Nullable String basis,
                         @Nullable String effectiveFrom) {
    }

    record AssumptionView(UUID id, String kind, String subject, @Nullable String minutes, @Nullable String money, @Nullable String money2,
                          @Nullable String rateName, LocalDate effectiveFrom, @Nullable String evidence, @Nullable String evidenceUrl,
                          String confidence, String basis, @Nullable String owner, Instant recordedAt) {
        static AssumptionView of(Assumption a) {
            return new AssumptionView(a.id(), a.kind().name(), a.subject(), plain(a.minutes()), plain(a.money()), plain(a.money2()), a.rateName(),
                    a.effectiveFrom(), a.evidence(), a.evidenceUrl(), a.confidence().wire(), a.basis(), a.ownerName(), a.recordedAt());
        }
    }

    record RestateRequest(@Nullable String from, @Nullable String reason) {
    }

    private final RoiService roi;
    private final io.flowmeter.analytics.service.RoiCsv csv;
    private final io.flowmeter.workflow.service.WorkflowService workflows;
    private final io.flowmeter.analytics.service.RoiStatement statement;

    AnalyticsController(RoiService roi, io.flowmeter.analytics.service.RoiCsv csv, io.flowmeter.workflow.service.WorkflowService workflows,
                        io.flowmeter.analytics.service.RoiStatement statement) {
        this.roi = roi;
        this.csv = csv;
        this.workflows = workflows;
        this.statement = statement;
    }

    @GetMapping(value = "/analytics/report.pdf", produces = "application/pdf")
    org.springframework.http.ResponseEntity<byte[]> reportPdf(@RequestParam(required = false) @Nullable String from,
                                                              @RequestParam(required = false) @Nullable String to) {
        LocalDate end = day("to", to, roi.today());
        LocalDate start = day("from", from, end.minusDays(29));
        byte[] pdf = statement.pdf(start, end, id -> workflows.name(id).orElse("(deleted workflow)"));
        return org.springframework.http.ResponseEntity.ok()
                .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\""
                        + io.flowmeter.analytics.service.RoiStatement.fileName(start, end) + "\"")
                .contentType(org.springframework.http.MediaType.APPLICATION_PDF).body(pdf);
    }

    @GetMapping(value = "/analytics/report.csv", produces = "text/csv")
    org.springframework.http.ResponseEntity<String> reportCsv(@RequestParam(required = false) @Nullable String from,
                                                              @RequestParam(required = false) @Nullable String to,
                                                              @RequestParam(required = false) @Nullable String table,
                                                              @RequestParam(required = false) @Nullable String interval) {
        LocalDate end = day("to", to, roi.today());
        LocalDate start = day("from", from, end.minusDays(29));
        io.flowmeter.analytics.service.RoiCsv.Table which;
        RoiReports.Interval unit;
        try {
            which = table == null ? io.flowmeter.analytics.service.RoiCsv.Table.WORKFLOWS
                    : io.flowmeter.analytics.service.RoiCsv.Table.valueOf(table.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("table", "table is workflows, series, assumptions or restatements");
        }
        try {
            unit = interval == null ? RoiReports.Interval.DAY : RoiReports.Interval.valueOf(interval.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("interval", "interval is day, week or month");
        }
        String body = csv.write(which, start, end, unit, id -> workflows.name(id).orElse("(deleted workflow)"));
        return org.springframework.http.ResponseEntity.ok()
                .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\""
                        + io.flowmeter.analytics.service.RoiCsv.fileName(which, start, end) + "\"")
                .contentType(org.springframework.http.MediaType.parseMediaType("text/csv; charset=utf-8"))
                .body(body);
    }

    @GetMapping("/analytics/settings")
    Map<String, Object> settings() {
        RoiBook book = roi.book();
        LocalDate today = roi.today();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("currency", book.currency());
        out.put("timeZone", book.zone().getId());
        out.put("hourlyRate", money(book.inForce(AssumptionKind.HOURLY_RATE, "", today).map(Assumption::money).orElse(null), book));
        out.put("computeRatePerHour", money(book.inForce(AssumptionKind.COMPUTE_RATE, "", today).map(Assumption::money).orElse(null), book));
        out.put("triageMinutesPerFailure", plain(book.inForce(AssumptionKind.TRIAGE_MINUTES, "", today).map(Assumption::minutes).orElse(null)));
        out.put("fteHoursPerYear", plain(book.inForce(AssumptionKind.FTE_HOURS, "", today).map(Assumption::minutes).orElse(BigDecimal.valueOf(1720))));
        List<Map<String, Object>> rates = new ArrayList<>();
        List<Map<String, Object>> prices = new ArrayList<>();
        List<Map<String, Object>> fees = new ArrayList<>();
        subjects(book, AssumptionKind.HOURLY_RATE).stream().filter(s -> !s.isEmpty()).forEach(name ->
                book.inForce(AssumptionKind.HOURLY_RATE, name, today).ifPresent(a -> rates.add(Map.of("name", name, "hourlyRate", plain(a.money())))));
        subjects(book, AssumptionKind.LLM_PRICE).forEach(model -> book.inForce(AssumptionKind.LLM_PRICE, model, today).ifPresent(a ->
                prices.add(Map.of("model", model, "inputPerMillion", plain(a.money()), "outputPerMillion", plain(a.money2())))));
        subjects(book, AssumptionKind.CALL_FEE).forEach(type -> book.inForce(AssumptionKind.CALL_FEE, type, today).ifPresent(a ->
                fees.add(Map.of("type", type, "fee", plain(a.money())))));
        out.put("rates", rates);
        out.put("llmPrices", prices);
        out.put("callFees", fees);
        List<Map<String, Object>> members = new ArrayList<>();
        subjects(book, AssumptionKind.MEMBER_RATE).forEach(email -> book.inForce(AssumptionKind.MEMBER_RATE, email, today).ifPresent(a ->
                members.add(Map.of("email", email, "rate", String.valueOf(a.rateName())))));
        out.put("memberRates", members);
        return out;
    }

    @PutMapping("/analytics/settings")
    Map<String, Object> saveSettings(@RequestBody Settings body) {
        RoiBook book = roi.book();
        if (body.currency() != null || body.timeZone() != null) {
            roi.saveSettings(body.currency() == null ? book.currency() : body.currency(), body.timeZone() == null ? book.zone().getId() : body.timeZone());
        }
        List<RoiService.Change> changes = new ArrayList<>();
        if (body.hourlyRate() != null) {
            changes.add(new RoiService.Change(AssumptionKind.HOURLY_RATE, "", null, body.hourlyRate(), null, null));
        }
        if (body.computeRatePerHour() != null) {
            changes.add(new RoiService.Change(AssumptionKind.COMPUTE_RATE, "", null, body.computeRatePerHour(), null, null));
        }
        if (body.triageMinutesPerFailure() != null) {
            changes.add(new RoiService.Change(AssumptionKind.TRIAGE_MINUTES, "", body.triageMinutesPerFailure(), null, null, null));
        }
        if (body.fteHoursPerYear() != null) {
            changes.add(new RoiService.Change(AssumptionKind.FTE_HOURS, "", body.fteHoursPerYear(), null, null, null));
        }
        for (NamedRate rate : orEmpty(body.rates())) {
            changes.add(new RoiService.Change(AssumptionKind.HOURLY_RATE, required("rates.name", rate.name()), null,
                    requiredNumber("rates.hourlyRate", rate.hourlyRate()), null, null));
        }
        for (LlmPrice price : orEmpty(body.llmPrices())) {
            changes.add(new RoiService.Change(AssumptionKind.LLM_PRICE, required("llmPrices.model", price.model()), null,
                    requiredNumber("llmPrices.inputPerMillion", price.inputPerMillion()), requiredNumber("llmPrices.outputPerMillion", price.outputPerMillion()),
                    null));
        }
        for (CallFee fee : orEmpty(body.callFees())) {
            changes.add(new RoiService.Change(AssumptionKind.CALL_FEE, required("callFees.type", fee.type()), null,
                    requiredNumber("callFees.fee", fee.fee()), null, null));
        }
        for (MemberRate member : orEmpty(body.memberRates())) {
            changes.add(new RoiService.Change(AssumptionKind.MEMBER_RATE, required("memberRates.email", member.email()), null, null, null,
                    required("memberRates.rate", member.rate())));
        }
        if (!changes.isEmpty()) {
            roi.change(changes, evidence(body.evidence(), body.evidenceUrl(), body.confidence(), body.basis(), body.effectiveFrom()));
        }
        return settings();
    }

    @GetMapping("/analytics/assumptions")
    List<AssumptionView> assumptions() {
        return roi.book().assumptions().stream().map(AssumptionView::of).toList();
    }

    @PostMapping("/workflows/{workflowId}/value")
    @ResponseStatus(HttpStatus.CREATED)
    AssumptionView setValue(@PathVariable UUID workflowId, @RequestBody WorkflowValue body) {
        return AssumptionView.of(roi.setWorkflowValue(workflowId, body.minutesPerRun(), body.outcomePerRun(), body.rate(),
                evidence(body.evidence(), body.evidenceUrl(), body.confidence(), body.basis(), body.effectiveFrom())));
    }

    @GetMapping("/workflows/{workflowId}/value")
    Map<String, Object> value(@PathVariable UUID workflowId) {
        List<AssumptionView> history = roi.workflowValue(workflowId).stream().map(AssumptionView::of).toList();
        LocalDate today = roi.today();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("current", history.stream().filter(a -> !a.effectiveFrom().isAfter(today)).findFirst().orElse(null));
        out.put("history", history);
        return out;
    }

    @GetMapping("/analytics/summary")
    Map<String, Object> summary(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
                                @RequestParam(required = false) @Nullable UUID workflowId) {
        LocalDate end = day("to", to, roi.today());
        LocalDate start = day("from", from, end.minusDays(29));
        RoiService.Summary summary = roi.summary(start, end, workflowId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("currency", summary.currency());
        out.put("from", summary.from());
        out.put("to", summary.to());
        out.putAll(figures(summary.sums(), summary.currency()));
        out.put("fteEquivalent", plain(summary.fteEquivalent()));
        out.put("previous", figures(summary.previous(), summary.currency()));
        out.put("restatements", roi.restatements().stream().filter(r -> !r.from().isAfter(summary.to())).map(r -> restatement(r)).toList());
        return out;
    }

    @GetMapping("/analytics/series")
    Map<String, Object> series(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
                               @RequestParam(required = false) @Nullable String interval, @RequestParam(required = false) @Nullable UUID workflowId) {
        LocalDate end = day("to", to, roi.today());
        LocalDate start = day("from", from, end.minusDays(29));
        RoiReports.Interval unit;
        try {
            unit = interval == null ? RoiReports.Interval.DAY : RoiReports.Interval.valueOf(interval.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("interval", "interval is day, week or month");
        }
        String currency = roi.book().currency();
        List<Map<String, Object>> points = new ArrayList<>();
        for (RoiReports.Group group : roi.series(start, end, unit, workflowId)) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("period", group.key());
            point.putAll(figures(group.sums(), currency));
            points.add(point);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("currency", currency);
        out.put("interval", unit.name().toLowerCase(Locale.ROOT));
        out.put("from", start);
        out.put("to", end);
        out.put("points", points);
        return out;
    }

    @PostMapping("/analytics/restatements")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> restate(@RequestBody RestateRequest body) {
        if (body.from() == null) {
            throw new InvalidInputException("from", "Say from which day (YYYY-MM-DD) to restate");
        }
        return restatement(roi.restate(day("from", body.from(), null), body.reason() == null ? "" : body.reason()));
    }

    @GetMapping("/analytics/restatements")
    List<Map<String, Object>> restatements() {
        return roi.restatements().stream().map(AnalyticsController::restatement).toList();
    }

    static Map<String, Object> figures(RoiReports.Sums s, String currency) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runs", s.runs());
        out.put("succeeded", s.succeeded());
        out.put("failed", s.failed());
        out.put("successRate", plain(s.successRate()));
        out.put("minutesSaved", plain(s.minutesSaved().setScale(2, java.math.RoundingMode.HALF_EVEN)));
        out.put("hoursSaved", plain(s.hoursSaved().setScale(2, java.math.RoundingMode.HALF_EVEN)));
        out.put("valueSaved", RoiMaths.money(s.valueSaved(), currency).toPlainString());
        out.put("cost", RoiMaths.money(s.cost(), currency).toPlainString());
        out.put("net", RoiMaths.money(s.net(), currency).toPlainString());
        out.put("roi", plain(s.roi()));
        Map<String, Object> costs = new LinkedHashMap<>();
        costs.put("llm", RoiMaths.money(s.costLlm(), currency).toPlainString());
        costs.put("calls", RoiMaths.money(s.costCalls(), currency).toPlainString());
        costs.put("compute", RoiMaths.money(s.costCompute(), currency).toPlainString());
        costs.put("people", RoiMaths.money(s.costPeople(), currency).toPlainString());
        costs.put("failures", RoiMaths.money(s.costFailed(), currency).toPlainString());
        out.put("costs", costs);
        Map<String, Object> confidence = new LinkedHashMap<>();
        confidence.put("low", RoiMaths.money(s.valueLow(), currency).toPlainString());
        confidence.put("medium", RoiMaths.money(s.valueMedium(), currency).toPlainString());
        confidence.put("high", RoiMaths.money(s.valueHigh(), currency).toPlainString());
        out.put("valueByConfidence", confidence);
        out.put("lowConfidenceShare", plain(s.lowConfidenceShare()));
        return out;
    }

    private static Map<String, Object> restatement(RoiService.Restatement r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("from", r.from());
        out.put("reason", r.reason());
        out.put("by", r.by());
        out.put("at", r.at());
        out.put("facts", r.facts());
        out.put("currency", r.currency());
        out.put("valueBefore", RoiMaths.money(r.valueBefore(), r.currency()).toPlainString());
        out.put("valueAfter", RoiMaths.money(r.valueAfter(), r.currency()).toPlainString());
        out.put("costBefore", RoiMaths.money(r.costBefore(), r.currency()).toPlainString());
        out.put("costAfter", RoiMaths.money(r.costAfter(), r.currency()).toPlainString());
        out.put("minutesBefore", plain(r.minutesBefore().setScale(2, java.math.RoundingMode.HALF_EVEN)));
        out.put("minutesAfter", plain(r.minutesAfter().setScale(2, java.math.RoundingMode.HALF_EVEN)));
        return out;
    }

    private static RoiService.Evidence evidence(@Nullable String evidence, @Nullable String url, @Nullable String confidence,
                                                @Nullable String basis, @Nullable String effectiveFrom) {
        return new RoiService.Evidence(evidence, url, confidence, basis, effectiveFrom == null ? null : day("effectiveFrom", effectiveFrom, null));
    }

    private static LocalDate day(String field, @Nullable String text, @Nullable LocalDate otherwise) {
        if (text == null || text.isBlank()) {
            if (otherwise == null) {
                throw new InvalidInputException(field, field + " is a day, YYYY-MM-DD");
            }
            return otherwise;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, field + " is a day, YYYY-MM-DD, not '" + text + "'");
        }
    }

    private static List<String> subjects(RoiBook book, AssumptionKind kind) {
        return book.assumptions().stream().filter(a -> a.kind() == kind).map(Assumption::subject).distinct().sorted().toList();
    }

    private static <T> List<T> orEmpty(@Nullable List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String required(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        return value.strip();
    }

    private static BigDecimal requiredNumber(String field, @Nullable BigDecimal value) {
        if (value == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        return value;
    }

    private static @Nullable String money(@Nullable BigDecimal value, RoiBook book) {
        return value == null ? null : RoiMaths.money(value, book.currency()).toPlainString();
    }

    static @Nullable String plain(@Nullable BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }
}
