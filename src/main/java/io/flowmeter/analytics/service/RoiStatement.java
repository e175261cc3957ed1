package io.flowmeter.analytics.service;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.flowmeter.analytics.domain.Assumption;
import io.flowmeter.tenancy.service.TenantService;
import org.jsoup.helper.W3CDom;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * The ROI statement of a period as PDF: the organization's name, the figures against the period before, the top
 * workflows, what the costs were, every assumption the figures rest on with its evidence, and restatements. The page
 * is XHTML written by jsoup (so names and evidence are escaped as text) and rendered by openhtmltopdf with PDFBox.
 */
@Component
public class RoiStatement {

    private static final String STYLE = """
            @page { size: A4; margin: 18mm 16mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #667; } }
            body { font-family: sans-serif; font-size: 9.5pt; color: #1a2330; }
            h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 12pt; margin: 6mm 0 2mm; }
            .muted { color: #5b6778; } .org { font-size: 11pt; color: #1f5fd6; font-weight: bold; }
            table { width: 100%; border-collapse: collapse; margin-top: 1mm; }
            th, td { text-align: left; padding: 1.2mm 1.5mm; border-bottom: 0.3mm solid #d7dce3; vertical-align: top; }
            th { background: #eef2f7; font-weight: bold; } td.n, th.n { text-align: right; }
            .figures td { width: 25%; border: 0.3mm solid #d7dce3; padding: 2.5mm; }
            .figure { font-size: 14pt; font-weight: bold; display: block; }
            """;

    private final RoiService roi;
    private final TenantService tenants;

    RoiStatement(RoiService roi, TenantService tenants) {
        this.roi = roi;
        this.tenants = tenants;
    }

    public static String fileName(LocalDate from, LocalDate to) {
        return "roi-statement-" + from + "-to-" + to + ".pdf";
    }

    public byte[] pdf(LocalDate from, LocalDate to, Function<UUID, String> names) {
        Document doc = html(from, to, names);
        var out = new ByteArrayOutputStream();
        try {
            new PdfRendererBuilder().useFastMode().withW3cDocument(new W3CDom().fromJsoup(doc), "/").toStream(out).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    Document html(LocalDate from, LocalDate to, Function<UUID, String> names) {
        RoiService.Summary summary = roi.summary(from, to, null);
        String currency = summary.currency();
        RoiReports.Sums s = summary.sums();
        RoiReports.Sums p = summary.previous();
        Document doc = Document.createShell("");
        doc.outputSettings().syntax(Document.OutputSettings.Syntax.xml).charset("UTF-8");
        doc.head().appendElement("meta").attr("charset", "UTF-8");
        doc.head().appendElement("title").text("ROI statement " + from + " to " + to);
        doc.head().appendElement("style").appendText(STYLE);
        Element body = doc.body();
        body.appendElement("div").addClass("org").text(tenants.current().getName());
        body.appendElement("h1").text("Return on automation, " + from + " to " + to);
        body.appendElement("p").addClass("muted").text("Figures in " + currency + ", days in " + roi.book().zone().getId() + ", compared with "
                + summary.from().minusDays(days(from, to)) + " to " + from.minusDays(1) + ". Generated " + Instant.now().toString().substring(0, 16)
                .replace('T', ' ') + " UTC by Flowmeter.");

        Element figures = body.appendElement("table").addClass("figures");
        Element row1 = figures.appendElement("tr");
        figure(row1, "Hours saved", s.hoursSaved().setScale(1, RoundingMode.HALF_EVEN) + " h", p.hoursSaved().setScale(1, RoundingMode.HALF_EVEN) + " h");
        figure(row1, "Money saved", money(s.valueSaved(), currency), money(p.valueSaved(), currency));
        figure(row1, "Run costs", money(s.cost(), currency), money(p.cost(), currency));
        figure(row1, "Net value", money(s.net(), currency), money(p.net(), currency));
        Element row2 = figures.appendElement("tr");
        figure(row2, "ROI", s.roi() == null ? "-" : percent(s.roi()), p.roi() == null ? "-" : percent(p.roi()));
        figure(row2, "FTE equivalent", summary.fteEquivalent() == null ? "-" : summary.fteEquivalent().toPlainString(), null);
        figure(row2, "Runs", String.valueOf(s.runs()), String.valueOf(p.runs()));
        figure(row2, "Succeeded", s.successRate() == null ? "-" : percent(s.successRate()), p.successRate() == null ? "-" : percent(p.successRate()));
        if (s.valueSaved().signum() > 0) {
            body.appendElement("p").text(percent(s.lowConfidenceShare() == null ? BigDecimal.ZERO : s.lowConfidenceShare())
                    + " of the value rests on low-confidence assumptions (" + money(s.valueLow(), currency) + " low, " + money(s.valueMedium(), currency)
                    + " medium, " + money(s.valueHigh(), currency) + " high).");
        }

        body.appendElement("h2").text("Workflows by net value");
        Element workflows = table(body, "Workflow", "Runs", "Succeeded", "Hours saved", "Saved", "Costs", "Net");
        List<RoiReports.Group> groups = roi.byWorkflow(from, to);
        for (RoiReports.Group g : groups) {
            RoiReports.Sums w = g.sums();
            row(workflows, names.apply(UUID.fromString(g.key())), String.valueOf(w.runs()), w.successRate() == null ? "-" : percent(w.successRate()),
                    w.hoursSaved().setScale(1, RoundingMode.HALF_EVEN).toPlainString(), money(w.valueSaved(), currency), money(w.cost(), currency),
                    money(w.net(), currency));
        }
        if (groups.isEmpty()) {
            body.appendElement("p").addClass("muted").text("No runs in this period.");
        }

        body.appendElement("h2").text("Costs");
        Element costs = table(body, "Cost", "Amount");
        row(costs, "AI models (tokens x price)", money(s.costLlm(), currency));
        row(costs, "Per-call fees", money(s.costCalls(), currency));
        row(costs, "Compute (step work x rate)", money(s.costCompute(), currency));
        row(costs, "People's time: approvals and failures", money(s.costPeople(), currency));
        row(costs, "of which triage of " + s.failed() + " failed runs", money(s.costFailed(), currency));

        body.appendElement("h2").text("Assumptions and their evidence");
        Element assumptions = table(body, "Figure", "Amount", "From", "Confidence", "Evidence", "Set by");
        List<Assumption> all = roi.book().assumptions();
        for (Assumption a : all) {
            String subject = a.kind() == io.flowmeter.analytics.domain.AssumptionKind.WORKFLOW_VALUE
                    ? "Value per run of " + names.apply(UUID.fromString(a.subject())) : AssumptionText.label(a);
            row(assumptions, subject, AssumptionText.amount(a, currency), a.effectiveFrom().toString(), a.confidence().wire() + ", " + a.basis(),
                    (a.evidence() == null ? "" : a.evidence()) + (a.evidenceUrl() == null ? "" : " " + a.evidenceUrl()),
                    (a.ownerName() == null ? "" : a.ownerName()) + ", " + a.recordedAt().toString().substring(0, 10));
        }
        if (all.isEmpty()) {
            body.appendElement("p").addClass("muted").text("No assumptions set: minutes count, but are worth nothing without a labour rate.");
        }
        List<RoiService.Restatement> restated = roi.restatements().stream().filter(r -> !r.from().isAfter(to)).toList();
        if (!restated.isEmpty()) {
            body.appendElement("h2").text("Restatements");
            Element table = table(body, "When", "From", "Why", "By", "Value before / after", "Costs before / after");
            for (RoiService.Restatement r : restated) {
                row(table, r.at().toString().substring(0, 16).replace('T', ' '), r.from().toString(), r.reason(), r.by() == null ? "" : r.by(),
                        money(r.valueBefore(), r.currency()) + " / " + money(r.valueAfter(), r.currency()),
                        money(r.costBefore(), r.currency()) + " / " + money(r.costAfter(), r.currency()));
            }
        }
        body.appendElement("p").addClass("muted").text("Failed and cancelled runs save nothing; their costs count. A changed assumption applies "
                + "from its day on; figures already recorded change only by an explicit restatement, listed above.");
        return doc;
    }

    private static long days(LocalDate from, LocalDate to) {
        return java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1;
    }

    private static void figure(Element row, String title, String value, String before) {
        Element cell = row.appendElement("td");
        cell.appendElement("span").addClass("muted").text(title);
        cell.appendElement("span").addClass("figure").text(value);
        if (before != null) {
            cell.appendElement("span").addClass("muted").text("before: " + before);
        }
    }

    private static Element table(Element body, String... headers) {
        Element table = body.appendElement("table");
        Element head = table.appendElement("tr");
        for (int i = 0; i < headers.length; i++) {
            head.appendElement("th").text(headers[i]);
        }
        return table;
    }

    private static void row(Element table, String... cells) {
        Element tr = table.appendElement("tr");
        for (String cell : cells) {
            tr.appendElement("td").text(cell);
        }
    }

    private static String money(BigDecimal value, String currency) {
        return String.format(Locale.ENGLISH, "%,." + Math.max(0, RoiMaths.money(value, currency).scale()) + "f", RoiMaths.money(value, currency))
                + " " + currency;
    }

    private static String percent(BigDecimal ratio) {
        return ratio.multiply(BigDecimal.valueOf(100)).setScale(0, RoundingMode.HALF_EVEN).toPlainString() + " %";
    }

}
