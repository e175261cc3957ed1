package io.flowmeter.analytics.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import io.flowmeter.analytics.service.RoiMaths;
import io.flowmeter.analytics.service.RoiReports;
import io.flowmeter.analytics.service.RoiService;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.workflow.service.WorkflowService;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One workflow's ROI at {@code /roi/workflows/{id}} (the last 90 days, or the {@code from}/{@code to} query parameters):
 * its figures, per version (before and after each publish: runs, success rate, duration, value and net per run), its
 * payback against the build effort, and the forecast runs per month against the actual.
 */
@Route("roi/workflows/:id")
@RolesAllowed(Role.Names.VIEWER)
public class WorkflowRoiView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final RoiService roi;
    private final WorkflowService workflows;
    private String title = "Workflow ROI";

    private final io.flowmeter.analytics.service.AlertService alerts;

    WorkflowRoiView(RoiService roi, WorkflowService workflows, io.flowmeter.analytics.service.AlertService alerts) {
        this.roi = roi;
        this.alerts = alerts;
        this.workflows = workflows;
        setWidthFull();
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        UUID id;
        String name;
        try {
            id = UUID.fromString(event.getRouteParameters().get("id").orElse(""));
            name = workflows.get(id).getName();
        } catch (IllegalArgumentException | NotFoundException e) {
            var missing = new Div(new H3("Workflow not found"), new Paragraph("It may have been deleted, or it belongs to another organization."));
            missing.addClassName("fm-empty-state");
            add(missing);
            title = "Workflow not found";
            return;
        }
        title = name + " · ROI";
        Map<String, List<String>> params = event.getLocation().getQueryParameters().getParameters();
        LocalDate today = roi.today();
        LocalDate to = parse(params, "to", today);
        LocalDate from = parse(params, "from", to.minusDays(89));
        if (from.isAfter(to)) {
            from = to.minusDays(89);
        }
        show(id, name, from, to);
    }

    private static LocalDate parse(Map<String, List<String>> params, String key, LocalDate otherwise) {
        try {
            return params.containsKey(key) ? LocalDate.parse(params.get(key).get(0)) : otherwise;
        } catch (java.time.format.DateTimeParseException e) {
            return otherwise;
        }
    }

    private void show(UUID id, String name, LocalDate from, LocalDate to) {
        RoiService.WorkflowPage page = roi.workflowPage(id, from, to);
        String currency = page.summary().currency();
        RoiReports.Sums s = page.summary().sums();
        RoiReports.Sums p = page.summary().previous();
        boolean builder = CurrentUser.get().map(u -> u.has(Role.BUILDER)).orElse(false);

        var back = new Anchor("roi", "← ROI");
        back.getElement().setAttribute("router-link", true);
        var open = new Anchor("workflows/" + id, "Open in the builder");
        open.getElement().setAttribute("router-link", true);
        open.setId("workflow-roi-builder");
        var value = new Button("Value per run…", e -> new WorkflowValueDialog(roi, id, builder).open());
        value.setId("workflow-roi-value");
        var payback = new Button("Build effort and forecast…", e -> new PaybackDialog(roi, id, () -> getUI().ifPresent(ui -> ui.getPage().reload())).open());
        payback.setId("workflow-roi-payback");
        payback.setVisible(builder);
        var actions = new HorizontalLayout(back, open, value, payback);
        actions.setAlignItems(Alignment.BASELINE);
        actions.setWrap(true);
        add(actions, new H2(name), new Paragraph(from + " to " + to + ", against the " + (java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1)
                + " days before"), new AlertList(alerts, id, builder));

        var tiles = new Div();
        tiles.setId("workflow-roi-tiles");
        tiles.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fill, minmax(13rem, 1fr))").set("gap", "var(--lumo-space-m)")
                .set("width", "100%");
        tiles.add(new RoiTile("workflow-roi-hours", "Hours saved", RoiDashboardView.hours(s.hoursSaved()), s.minutesSaved(), p.minutesSaved(), true, ""),
                new RoiTile("workflow-roi-net", "Net value", RoiDashboardView.money(s.net(), currency), s.net(), p.net(), true,
                        RoiDashboardView.money(s.valueSaved(), currency) + " saved, " + RoiDashboardView.money(s.cost(), currency) + " costs"),
                new RoiTile("workflow-roi-runs", "Runs", String.valueOf(s.runs()), BigDecimal.valueOf(s.runs()), BigDecimal.valueOf(p.runs()), true,
                        s.successRate() == null ? "" : RoiDashboardView.percent(s.successRate()) + " succeeded"));
        add(tiles);

        var paybackLine = new Paragraph(paybackText(page, currency));
        paybackLine.setId("workflow-roi-payback-line");
        var forecastLine = new Paragraph(page.forecast() == null || page.forecast().quantity() == null
                ? "No forecast set: say how many runs a month you expect, to compare with these " + page.runsPerMonth().toPlainString() + " a month."
                : "Expected " + page.forecast().quantity().stripTrailingZeros().toPlainString() + " runs a month; it made "
                        + page.runsPerMonth().toPlainString() + " a month in this period ("
                        + (page.forecast().quantity().signum() == 0 ? "—" : RoiDashboardView.percent(page.runsPerMonth()
                        .divide(page.forecast().quantity(), 4, RoundingMode.HALF_EVEN))) + " of the forecast).");
        forecastLine.setId("workflow-roi-forecast-line");
        add(new H3("Payback and forecast"), paybackLine, forecastLine);

        var versions = new Grid<RoiReports.Group>();
        versions.setId("workflow-roi-versions");
        versions.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        versions.addColumn(g -> "v" + g.key()).setHeader("Version").setAutoWidth(true);
        versions.addColumn(g -> g.sums().runs()).setHeader("Runs").setAutoWidth(true);
        versions.addColumn(g -> g.sums().successRate() == null ? "—" : RoiDashboardView.percent(BigDecimal.ONE.subtract(g.sums().successRate())))
                .setHeader("Failure rate").setAutoWidth(true);
        versions.addColumn(g -> duration(g.sums().averageRunMs())).setHeader("Average duration").setAutoWidth(true);
        versions.addColumn(g -> g.sums().runs() == 0 ? "—" : RoiDashboardView.money(g.sums().valueSaved()
                .divide(BigDecimal.valueOf(g.sums().runs()), 6, RoundingMode.HALF_EVEN), currency)).setHeader("Value per run").setAutoWidth(true);
        versions.addColumn(g -> g.sums().netPerRun() == null ? "—" : RoiDashboardView.money(g.sums().netPerRun(), currency))
                .setHeader("Net per run").setAutoWidth(true);
        versions.addColumn(g -> RoiDashboardView.money(g.sums().net(), currency)).setHeader("Net").setAutoWidth(true);
        versions.setItems(page.versions());
        versions.setAllRowsVisible(true);
        versions.setEmptyStateText("No runs in this period");
        add(new H3("By version"), versions);
    }

    static String paybackText(RoiService.WorkflowPage page, String currency) {
        if (page.buildEffort() == null || page.buildCost() == null) {
            return "No build effort set: say how long the workflow took to build to see when it pays back.";
        }
        String cost = "Built in " + page.buildEffort().quantity().stripTrailingZeros().toPlainString() + " h from "
                + page.buildEffort().effectiveFrom() + ", worth " + RoiDashboardView.money(page.buildCost(), currency);
        String net = page.netSinceBuilt() == null ? "" : "; net value since: " + RoiDashboardView.money(page.netSinceBuilt(), currency);
        if (page.paidBackOn() != null) {
            return cost + net + ". Paid back on " + page.paidBackOn() + ".";
        }
        if (page.paybackExpected() != null) {
            return cost + net + ". At the last 30 days' pace it pays back around " + page.paybackExpected() + ".";
        }
        return cost + net + ". At the last 30 days' pace it does not pay back.";
    }

    private static String duration(@Nullable BigDecimal ms) {
        if (ms == null) {
            return "—";
        }
        long value = ms.longValue();
        return value < 1000 ? value + " ms" : value < 60_000 ? String.format(java.util.Locale.ROOT, "%.1f s", value / 1000.0)
                : (value / 60_000) + " min " + (value % 60_000) / 1000 + " s";
    }
}
