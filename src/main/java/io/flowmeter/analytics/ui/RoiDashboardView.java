package io.flowmeter.analytics.ui;

import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.analytics.service.RoiMaths;
import io.flowmeter.analytics.service.RoiReports;
import io.flowmeter.analytics.service.RoiService;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.workflow.service.WorkflowService;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The organization's ROI at {@code /roi}: for a period (its query parameters), compared with the period before — hours
 * and money saved, what the runs cost, the net value, ROI, FTE equivalent, runs and success rate; the trend; the top
 * workflows by net value; the biggest costs; what failures cost; workflows with runs but no value settings; how much
 * of the value rests on low-confidence figures; restatements.
 */
@Route("roi")
@PageTitle("ROI")
@Menu(order = 5, icon = "vaadin:piggy-bank", title = "ROI")
@RolesAllowed(Role.Names.VIEWER)
public class RoiDashboardView extends VerticalLayout implements BeforeEnterObserver {

    /** The periods offered, besides a custom one. */
    enum Preset {
        LAST_7("Last 7 days"), LAST_30("Last 30 days"), LAST_90("Last 90 days"), THIS_MONTH("This month"), LAST_MONTH("Last month"),
        THIS_YEAR("This year"), CUSTOM("Custom");

        final String label;

        Preset(String label) {
            this.label = label;
        }
    }

    private final RoiService roi;
    private final WorkflowService workflows;
    private final io.flowmeter.analytics.service.RoiCsv csv;
    private final io.flowmeter.analytics.service.RoiStatement statement;
    private final Div downloads = new Div();
    private final Select<Preset> preset = new Select<>();
    private final DatePicker from = new DatePicker("From");
    private final DatePicker to = new DatePicker("To");
    private final Select<RoiReports.Interval> interval = new Select<>();
    private final Div content = new Div();
    private boolean updating;

    private final io.flowmeter.analytics.service.AlertService alerts;

    RoiDashboardView(RoiService roi, WorkflowService workflows, io.flowmeter.analytics.service.RoiCsv csv,
                     io.flowmeter.analytics.service.RoiStatement statement, io.flowmeter.analytics.service.AlertService alerts) {
        this.roi = roi;
        this.alerts = alerts;
        this.workflows = workflows;
        this.csv = csv;
        this.statement = statement;
        setWidthFull();
        preset.setId("roi-preset");
        preset.setLabel("Period");
        preset.setItems(Preset.values());
        preset.setItemLabelGenerator(p -> p.label);
        from.setId("roi-from");
        to.setId("roi-to");
        interval.setId("roi-interval");
        interval.setLabel("Trend by");
        interval.setItems(RoiReports.Interval.values());
        interval.setItemLabelGenerator(i -> i.name().charAt(0) + i.name().substring(1).toLowerCase(Locale.ROOT));
        preset.addValueChangeListener(e -> {
            if (!updating && e.getValue() != Preset.CUSTOM) {
                apply(e.getValue());
            }
        });
        from.addValueChangeListener(e -> customChanged());
        to.addValueChangeListener(e -> customChanged());
        interval.addValueChangeListener(e -> {
            if (!updating) {
                navigate();
            }
        });
        var settings = new Anchor("settings/roi", "ROI settings");
        settings.getElement().setAttribute("router-link", true);
        settings.setId("roi-settings-link");
        downloads.setId("roi-downloads");
        downloads.getStyle().set("display", "flex").set("gap", "var(--lumo-space-m)");
        var bar = new HorizontalLayout(preset, from, to, interval, settings, downloads);
        bar.setAlignItems(Alignment.BASELINE);
        bar.setWrap(true);
        content.setWidthFull();
        add(new H2("Return on automation"), bar, content);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> params = event.getLocation().getQueryParameters().getParameters();
        LocalDate today = roi.today();
        LocalDate end = day(params, "to", today);
        LocalDate start = day(params, "from", end.minusDays(29));
        if (start.isAfter(end) || java.time.temporal.ChronoUnit.DAYS.between(start, end) >= RoiService.MAX_DAYS) {
            start = end.minusDays(29);
        }
        RoiReports.Interval unit;
        try {
            unit = RoiReports.Interval.valueOf(params.getOrDefault("interval", List.of("DAY")).get(0).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            unit = RoiReports.Interval.DAY;
        }
        updating = true;
        from.setValue(start);
        to.setValue(end);
        interval.setValue(unit);
        preset.setValue(presetOf(start, end, today));
        updating = false;
        show(start, end, unit);
    }

    private static LocalDate day(Map<String, List<String>> params, String name, LocalDate otherwise) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(values.get(0));
        } catch (DateTimeParseException e) {
            return otherwise;
        }
    }

    private Preset presetOf(LocalDate start, LocalDate end, LocalDate today) {
        for (Preset p : Preset.values()) {
            if (p != Preset.CUSTOM && range(p, today)[0].equals(start) && range(p, today)[1].equals(end)) {
                return p;
            }
        }
        return Preset.CUSTOM;
    }

    static LocalDate[] range(Preset preset, LocalDate today) {
        return switch (preset) {
            case LAST_7 -> new LocalDate[]{today.minusDays(6), today};
            case LAST_30, CUSTOM -> new LocalDate[]{today.minusDays(29), today};
            case LAST_90 -> new LocalDate[]{today.minusDays(89), today};
            case THIS_MONTH -> new LocalDate[]{today.withDayOfMonth(1), today};
            case LAST_MONTH -> new LocalDate[]{today.minusMonths(1).withDayOfMonth(1), today.withDayOfMonth(1).minusDays(1)};
            case THIS_YEAR -> new LocalDate[]{today.withDayOfYear(1), today};
        };
    }

    private void apply(Preset chosen) {
        LocalDate[] range = range(chosen, roi.today());
        updating = true;
        from.setValue(range[0]);
        to.setValue(range[1]);
        updating = false;
        navigate();
    }

    private void customChanged() {
        if (updating || from.getValue() == null || to.getValue() == null) {
            return;
        }
        if (to.getValue().isBefore(from.getValue())) {
            to.setErrorMessage("The period ends before it starts");
            to.setInvalid(true);
            return;
        }
        to.setInvalid(false);
        navigate();
    }

    private void navigate() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("from", from.getValue().toString());
        params.put("to", to.getValue().toString());
        params.put("interval", interval.getValue().name().toLowerCase(Locale.ROOT));
        getUI().ifPresent(ui -> ui.navigate("roi", QueryParameters.simple(params)));
    }

    private void show(LocalDate start, LocalDate end, RoiReports.Interval unit) {
        content.removeAll();
        downloads.removeAll();
        String pdfName = io.flowmeter.analytics.service.RoiStatement.fileName(start, end);
        var pdf = new Anchor(com.vaadin.flow.server.streams.DownloadHandler.fromInputStream(event -> {
            byte[] bytes = statement.pdf(start, end, id -> workflows.name(id).orElse("(deleted workflow)"));
            return new com.vaadin.flow.server.streams.DownloadResponse(new java.io.ByteArrayInputStream(bytes), pdfName, "application/pdf", bytes.length);
        }), "Statement (PDF)");
        pdf.getElement().setAttribute("download", pdfName);
        pdf.setId("roi-pdf");
        downloads.add(pdf);
        downloads.add(download("roi-csv-workflows", "Workflows (CSV)", io.flowmeter.analytics.service.RoiCsv.Table.WORKFLOWS, start, end, unit),
                download("roi-csv-series", "Trend (CSV)", io.flowmeter.analytics.service.RoiCsv.Table.SERIES, start, end, unit),
                download("roi-csv-assumptions", "Assumptions (CSV)", io.flowmeter.analytics.service.RoiCsv.Table.ASSUMPTIONS, start, end, unit));
        content.add(new AlertList(alerts, null, io.flowmeter.identity.security.CurrentUser.get()
                .map(u -> u.has(io.flowmeter.identity.domain.Role.BUILDER)).orElse(false)));
        RoiService.Dashboard dashboard = roi.dashboard(start, end, unit);
        RoiService.Summary summary = dashboard.summary();
        String currency = summary.currency();
        RoiReports.Sums s = summary.sums();
        RoiReports.Sums p = summary.previous();
        if (s.runs() == 0 && s.valueSaved().signum() == 0 && s.cost().signum() == 0) {
            var empty = new Div(new H3("No runs in this period"), new Paragraph("Runs of published workflows count here once they finish. "
                    + "Give a workflow its value per run (in its builder, Value) or give steps value settings, and set a labour rate in ROI settings, "
                    + "to see the time and money they save."));
            empty.setId("roi-empty");
            empty.addClassName("fm-empty-state");
            content.add(empty);
            return;
        }
        var tiles = new Div();
        tiles.setId("roi-tiles");
        tiles.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fill, minmax(13rem, 1fr))")
                .set("gap", "var(--lumo-space-m)");
        tiles.add(
                new RoiTile("roi-hours", "Hours saved", hours(s.hoursSaved()), s.minutesSaved(), p.minutesSaved(), true, ""),
                new RoiTile("roi-value", "Money saved", money(s.valueSaved(), currency), s.valueSaved(), p.valueSaved(), true, ""),
                new RoiTile("roi-cost", "Run costs", money(s.cost(), currency), s.cost(), p.cost(), false, ""),
                new RoiTile("roi-net", "Net value", money(s.net(), currency), s.net(), p.net(), true, ""),
                new RoiTile("roi-ratio", "ROI", s.roi() == null ? "—" : percent(s.roi()), s.roi(), p.roi(), true,
                        s.roi() == null ? "no costs recorded" : "net value per unit of cost"),
                new RoiTile("roi-fte", "FTE equivalent", summary.fteEquivalent() == null ? "—" : summary.fteEquivalent().toPlainString(),
                        summary.fteEquivalent(), null, true, "full-time people's work in this period"),
                new RoiTile("roi-runs", "Runs", s.runs() + "", BigDecimal.valueOf(s.runs()), BigDecimal.valueOf(p.runs()), true,
                        s.successRate() == null ? "" : percent(s.successRate()) + " succeeded"));
        content.add(tiles);

        content.add(confidence(s, currency));
        content.add(trend(start, end, unit, currency, dashboard.series(), s));
        content.add(topWorkflows(dashboard.byWorkflow(), currency));
        content.add(costs(s, currency));
        List<RoiService.Restatement> restated = roi.restatements().stream().filter(r -> !r.from().isAfter(end)).toList();
        if (!restated.isEmpty()) {
            var list = new UnorderedList();
            list.setId("roi-restated");
            restated.forEach(r -> list.add(new ListItem("From " + r.from() + ", restated " + io.flowmeter.shared.ui.Feedback.dateTime(r.at())
                    + (r.by() == null ? "" : " by " + r.by()) + ": “" + r.reason() + "” (value " + money(r.valueBefore(), r.currency()) + " → "
                    + money(r.valueAfter(), r.currency()) + ")")));
            content.add(new H3("Restated figures"), list);
        }
    }

    private Div confidence(RoiReports.Sums s, String currency) {
        var box = new Div();
        box.setId("roi-confidence");
        if (s.valueSaved().signum() <= 0) {
            return box;
        }
        BigDecimal share = s.lowConfidenceShare() == null ? BigDecimal.ZERO : s.lowConfidenceShare();
        var line = new Paragraph(percent(share) + " of the value rests on low-confidence assumptions (" + money(s.valueLow(), currency)
                + " low, " + money(s.valueMedium(), currency) + " medium, " + money(s.valueHigh(), currency) + " high).");
        line.addClassNames(LumoUtility.TextColor.SECONDARY);
        box.add(line);
        return box;
    }

    /** The trend: money saved and costs per period as bars (ECharts), with the numbers in a table below for reading. */
    private Div trend(LocalDate start, LocalDate end, RoiReports.Interval unit, String currency, List<RoiReports.Group> series,
                      RoiReports.Sums total) {
        var box = new Div();
        box.setId("roi-trend");
        box.setWidthFull();
        List<String> periods = series.stream().map(RoiReports.Group::key).toList();
        var chart = new io.flowmeter.shared.ui.Chart();
        chart.setId("roi-trend-chart");
        chart.setWidthFull();
        chart.setHeight("18rem");
        chart.setOption(io.flowmeter.shared.ui.ChartOptions.byCategory(io.flowmeter.shared.ui.ChartOptions.Style.BAR, periods, List.of(
                new io.flowmeter.shared.ui.ChartOptions.Series("Saved", series.stream().map(g -> RoiMaths.money(g.sums().valueSaved(), currency)).toList()),
                new io.flowmeter.shared.ui.ChartOptions.Series("Costs", series.stream().map(g -> RoiMaths.money(g.sums().cost(), currency)).toList())),
                currency));
        chart.setAriaLabel("Money saved and costs per " + unit.name().toLowerCase(Locale.ROOT) + " from " + start + " to " + end + ": "
                + money(total.valueSaved(), currency) + " saved, " + money(total.cost(), currency) + " costs in all");
        var grid = new Grid<RoiReports.Group>();
        grid.setId("roi-trend-table");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.addColumn(RoiReports.Group::key).setHeader("Period");
        grid.addColumn(g -> hours(g.sums().hoursSaved())).setHeader("Hours saved");
        grid.addColumn(g -> money(g.sums().valueSaved(), currency)).setHeader("Saved");
        grid.addColumn(g -> money(g.sums().cost(), currency)).setHeader("Costs");
        grid.addColumn(g -> money(g.sums().net(), currency)).setHeader("Net");
        grid.setItems(series);
        grid.setHeight("14rem");
        var numbers = new com.vaadin.flow.component.details.Details(new Span("The numbers"), grid);
        numbers.setWidthFull();
        box.add(new H3("Trend"), chart, numbers);
        return box;
    }

    private Div topWorkflows(List<RoiReports.Group> groups, String currency) {
        var box = new Div();
        record Row(UUID id, String name, RoiReports.Sums sums) {
        }
        List<Row> rows = new ArrayList<>();
        List<Row> withoutValue = new ArrayList<>();
        Map<UUID, String> names = workflows.names(groups.stream().map(g -> UUID.fromString(g.key())).toList());
        for (RoiReports.Group g : groups) {
            UUID id = UUID.fromString(g.key());
            String name = names.getOrDefault(id, "(deleted workflow)");
            Row row = new Row(id, name, g.sums());
            rows.add(row);
            if (g.sums().runs() > 0 && g.sums().minutesSaved().signum() == 0 && g.sums().valueSaved().signum() == 0) {
                withoutValue.add(row);
            }
        }
        var grid = new Grid<Row>();
        grid.setId("roi-workflows");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addComponentColumn(r -> {
            var link = new Anchor("roi/workflows/" + r.id(), r.name());
            link.getElement().setAttribute("router-link", true);
            return link;
        }).setHeader("Workflow").setFlexGrow(2);
        grid.addColumn(r -> r.sums().runs()).setHeader("Runs").setAutoWidth(true);
        grid.addColumn(r -> r.sums().successRate() == null ? "—" : percent(r.sums().successRate())).setHeader("Succeeded").setAutoWidth(true);
        grid.addColumn(r -> hours(r.sums().hoursSaved())).setHeader("Hours saved").setAutoWidth(true);
        grid.addColumn(r -> money(r.sums().valueSaved(), currency)).setHeader("Saved").setAutoWidth(true);
        grid.addColumn(r -> money(r.sums().cost(), currency)).setHeader("Costs").setAutoWidth(true);
        grid.addColumn(r -> money(r.sums().net(), currency)).setHeader("Net").setAutoWidth(true);
        grid.setItems(rows.stream().limit(10).toList());
        grid.setAllRowsVisible(true);
        box.add(new H3("Top workflows by net value"), grid);
        if (!withoutValue.isEmpty()) {
            var nudge = new Div();
            nudge.setId("roi-without-value");
            nudge.addClassName("fm-card");
            nudge.getStyle().set("width", "auto").set("margin-top", "var(--lumo-space-m)");
            nudge.add(new Paragraph("These workflows ran but have no value settings, so they count as saving nothing. Say what a run saves:"));
            var list = new UnorderedList();
            withoutValue.forEach(r -> {
                var link = new Anchor("workflows/" + r.id(), r.name());
                link.getElement().setAttribute("router-link", true);
                list.add(new ListItem(link, new Span(" · " + r.sums().runs() + " runs")));
            });
            nudge.add(list);
            box.add(nudge);
        }
        return box;
    }

    private Div costs(RoiReports.Sums s, String currency) {
        var box = new Div();
        box.setId("roi-costs");
        Map<String, BigDecimal> drivers = new LinkedHashMap<>();
        drivers.put("AI models (tokens)", s.costLlm());
        drivers.put("Per-call fees", s.costCalls());
        drivers.put("Compute", s.costCompute());
        drivers.put("People's time (approvals, failures)", s.costPeople());
        var list = new UnorderedList();
        drivers.entrySet().stream().sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed())
                .forEach(e -> list.add(new ListItem(e.getKey() + ": " + money(e.getValue(), currency))));
        var failures = new Paragraph(s.failed() + " failed runs; triage of failures cost " + money(s.costFailed(), currency) + ". Failed runs save nothing.");
        failures.setId("roi-failures");
        box.add(new H3("Biggest costs"), list, failures);
        return box;
    }

    private Anchor download(String id, String label, io.flowmeter.analytics.service.RoiCsv.Table table, LocalDate start, LocalDate end,
                            RoiReports.Interval unit) {
        String name = io.flowmeter.analytics.service.RoiCsv.fileName(table, start, end);
        var anchor = new Anchor(com.vaadin.flow.server.streams.DownloadHandler.fromInputStream(event -> {
            byte[] bytes = csv.write(table, start, end, unit, id2 -> workflows.name(id2).orElse("(deleted workflow)"))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return new com.vaadin.flow.server.streams.DownloadResponse(new java.io.ByteArrayInputStream(bytes), name, "text/csv", bytes.length);
        }), label);
        anchor.getElement().setAttribute("download", name);
        anchor.setId(id);
        return anchor;
    }

    static String money(BigDecimal value, String currency) {
        BigDecimal rounded = RoiMaths.money(value, currency);
        return String.format(Locale.ENGLISH, "%,." + Math.max(0, rounded.scale()) + "f", rounded) + " " + currency;
    }

    static String hours(BigDecimal hours) {
        return hours.setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " h";
    }

    static String percent(@Nullable BigDecimal ratio) {
        return ratio == null ? "—" : ratio.multiply(BigDecimal.valueOf(100)).setScale(0, RoundingMode.HALF_EVEN).toPlainString() + " %";
    }

    /** For tests: the figure of a tile. */
    @Nullable String figure(String tileId) {
        return content.getChildren().flatMap(c -> c.getChildren()).filter(c -> c.getId().orElse("").equals(tileId)).findFirst()
                .flatMap(tile -> tile.getChildren().filter(c -> c.getId().orElse("").equals(tileId + "-figure")).findFirst())
                .map(c -> c.getElement().getText()).orElse(null);
    }

}
