package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.Assumption;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * The ROI report's tables as CSV (RFC 4180, Commons CSV): per workflow, per period, the assumptions, the
 * restatements. Text that a spreadsheet would run as a formula (starting with = + - @ or a tab) is quoted with a
 * leading apostrophe, so a workflow named "=HYPERLINK(...)" stays text.
 */
@Component
public class RoiCsv {

    /** The tables a CSV can hold. */
    public enum Table { WORKFLOWS, SERIES, ASSUMPTIONS, RESTATEMENTS }

    private static final List<String> FIGURES = List.of("runs", "succeeded", "failed", "minutes_saved", "hours_saved", "value_saved", "cost",
            "cost_llm", "cost_calls", "cost_compute", "cost_people", "cost_failures", "net", "currency");

    private final RoiService roi;

    RoiCsv(RoiService roi) {
        this.roi = roi;
    }

    public String write(Table table, LocalDate from, LocalDate to, RoiReports.Interval interval, Function<UUID, String> names) {
        String currency = roi.book().currency();
        List<String> header = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        switch (table) {
            case WORKFLOWS -> {
                header.addAll(List.of("workflow_id", "workflow"));
                header.addAll(FIGURES);
                for (RoiReports.Group g : roi.byWorkflow(from, to)) {
                    List<Object> row = new ArrayList<>(List.of(g.key(), names.apply(UUID.fromString(g.key()))));
                    row.addAll(figures(g.sums(), currency));
                    rows.add(row);
                }
                List<Object> total = new ArrayList<>(List.of("", "Total"));
                total.addAll(figures(roi.summary(from, to, null).sums(), currency));
                rows.add(total);
            }
            case SERIES -> {
                header.add("period_start");
                header.addAll(FIGURES);
                for (RoiReports.Group g : roi.series(from, to, interval, null)) {
                    List<Object> row = new ArrayList<>(List.of(g.key()));
                    row.addAll(figures(g.sums(), currency));
                    rows.add(row);
                }
            }
            case ASSUMPTIONS -> {
                header.addAll(List.of("kind", "subject", "minutes", "money", "money2", "rate_name", "effective_from", "confidence", "basis",
                        "evidence", "evidence_url", "set_by", "recorded_at"));
                for (Assumption a : roi.book().assumptions()) {
                    rows.add(java.util.Arrays.asList(a.kind().name(), a.subject(), plain(a.minutes()), plain(a.money()), plain(a.money2()),
                            a.rateName(), a.effectiveFrom(), a.confidence().wire(), a.basis(), a.evidence(), a.evidenceUrl(), a.ownerName(),
                            a.recordedAt()));
                }
            }
            case RESTATEMENTS -> {
                header.addAll(List.of("at", "from", "reason", "by", "facts", "value_before", "value_after", "cost_before", "cost_after",
                        "minutes_before", "minutes_after", "currency"));
                for (RoiService.Restatement r : roi.restatements()) {
                    rows.add(java.util.Arrays.asList(r.at(), r.from(), r.reason(), r.by(), r.facts(), RoiMaths.money(r.valueBefore(), r.currency()),
                            RoiMaths.money(r.valueAfter(), r.currency()), RoiMaths.money(r.costBefore(), r.currency()),
                            RoiMaths.money(r.costAfter(), r.currency()), plain(r.minutesBefore()), plain(r.minutesAfter()), r.currency()));
                }
            }
        }
        var out = new StringWriter();
        try (var printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (List<Object> row : rows) {
                printer.printRecord(row.stream().map(RoiCsv::safe).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static String fileName(Table table, LocalDate from, LocalDate to) {
        return "roi-" + table.name().toLowerCase(Locale.ROOT) + "-" + from + "-to-" + to + ".csv";
    }

    private static List<Object> figures(RoiReports.Sums s, String currency) {
        return List.of(s.runs(), s.succeeded(), s.failed(), plain(s.minutesSaved()), plain(s.hoursSaved()), RoiMaths.money(s.valueSaved(), currency),
                RoiMaths.money(s.cost(), currency), RoiMaths.money(s.costLlm(), currency), RoiMaths.money(s.costCalls(), currency),
                RoiMaths.money(s.costCompute(), currency), RoiMaths.money(s.costPeople(), currency), RoiMaths.money(s.costFailed(), currency),
                RoiMaths.money(s.net(), currency), currency);
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.setScale(Math.min(value.scale(), 4), java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    static Object safe(Object value) {
        return io.flowmeter.shared.CsvCells.safe(value);
    }
}
