package io.flowmeter.shell.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flowmeter.connection.ConnectionHealth;
import io.flowmeter.analytics.RoiAtAGlance;
import io.flowmeter.engine.RunsAtAGlance;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.trigger.TriggerHealth;
import io.flowmeter.workflow.service.WorkflowService;
import jakarta.annotation.security.PermitAll;
import org.springframework.data.domain.PageRequest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * The landing page: what happened to the organization's runs today and in the last seven days, what needs someone
 * (parked failures with retry, approvals waiting, connections to reconnect, workflows that stopped starting), each
 * tile linking to the filtered list behind it. Until there are workflows it shows an honest welcome and the next
 * steps; time and money saved in the last 30 days as ROI reporting measures them; it never shows made-up numbers.
 */
@Route("")
@PageTitle("Dashboard")
@Menu(order = 0, icon = "vaadin:dashboard", title = "Dashboard")
@PermitAll
public class DashboardView extends VerticalLayout implements BeforeEnterObserver {

    private final RunsAtAGlance runs;
    private final RoiAtAGlance roi;
    private final TriggerHealth triggers;
    private final ConnectionHealth connections;
    private final WorkflowService workflows;

    DashboardView(RunsAtAGlance runs, TriggerHealth triggers, ConnectionHealth connections, WorkflowService workflows, RoiAtAGlance roi) {
        this.roi = roi;
        this.runs = runs;
        this.triggers = triggers;
        this.connections = connections;
        this.workflows = workflows;
        addClassName("fm-dashboard");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        FlowmeterPrincipal principal = CurrentUser.require();
        if (!principal.hasTenant()) {
            event.forwardTo("admin/tenants"); // a platform admin without a tenant of their own
            return;
        }
        show(principal);
    }

    private void show(FlowmeterPrincipal principal) {
        removeAll();
        var welcome = new H2("Welcome to " + principal.tenantName() + ", " + principal.displayName().split(" ")[0]);
        welcome.setId("welcome");
        add(welcome);
        boolean anyWorkflow = !workflows.list(PageRequest.of(0, 1)).isEmpty();
        ZoneId zone = ZoneId.systemDefault();
        LocalDate today = LocalDate.now(zone);
        var day = runs.countsSince(today.atStartOfDay(zone).toInstant());
        var week = runs.countsSince(today.minusDays(6).atStartOfDay(zone).toInstant());
        if (!anyWorkflow && week.started() == 0) {
            welcomeOnly(principal);
            return;
        }
        var tiles = new FlexLayout();
        tiles.addClassName("fm-next-steps");
        tiles.setId("dashboard-tiles");
        tiles.add(new Tile("tile-today", VaadinIcon.FLASH, "Runs today", String.valueOf(day.started()), rate(day),
                "runs?from=" + today, "See today's runs"));
        tiles.add(new Tile("tile-week", VaadinIcon.CALENDAR, "Last 7 days", String.valueOf(week.started()), rate(week),
                "runs?from=" + today.minusDays(6), "See this week's runs"));
        tiles.add(parked(principal));
        tiles.add(approvals());
        tiles.add(connectionsTile(principal));
        tiles.add(stopped());
        tiles.add(roiTile());
        add(tiles);
    }

    private Tile roiTile() {
        RoiAtAGlance.Glance glance = roi.last30Days();
        if (!glance.valued()) {
            return new Tile("tile-roi", VaadinIcon.PIGGY_BANK, "Time and money saved", null,
                    "Not measured yet. Say what a workflow's run saves (in its builder, Value) or give steps value settings, and set a "
                            + "labour rate in ROI settings; Flowmeter shows no estimate you have not made.", "roi", "Open ROI");
        }
        return new Tile("tile-roi", VaadinIcon.PIGGY_BANK, "Saved in 30 days", glance.hoursSaved().toPlainString() + " h",
                glance.net().toPlainString() + " " + glance.currency() + " net (" + glance.valueSaved().toPlainString() + " saved, "
                        + glance.cost().toPlainString() + " costs)", "roi", "Open ROI");
    }

    private static String rate(RunsAtAGlance.Counts counts) {
        if (counts.started() == 0) {
            return "No runs";
        }
        Double rate = counts.successRate();
        String finished = rate == null ? "none finished yet" : String.format(Locale.ROOT, "%.0f %% succeeded", rate * 100)
                + " (" + counts.succeeded() + " of " + (counts.succeeded() + counts.failed()) + " finished)";
        return finished + (counts.running() == 0 ? "" : " · " + counts.running() + " still running");
    }

    private Component parked(FlowmeterPrincipal principal) {
        long count = runs.parkedCount();
        var tile = new Tile("tile-parked", VaadinIcon.WARNING, "Failures needing attention", count >= 1000 ? "1,000+" : String.valueOf(count),
                count == 0 ? "No failed run waits for a retry" : "Failed runs parked until someone retries them", count == 0 ? null : "runs?status=PARKED",
                count == 0 ? null : "See all parked runs");
        for (var run : runs.parked(3)) {
            tile.item("runs/" + run.runId(), run.workflowName() + " · " + Feedback.dateTime(run.startedAt()), run.error());
        }
        if (count > 0 && principal.has(Role.OPERATOR)) {
            var retry = new Button("Retry all from their failed steps", VaadinIcon.REFRESH.create(), e -> {
                var confirm = new ConfirmDialog("Retry " + (count == 1 ? "1 parked run" : count + " parked runs") + "?",
                        "Each runs again as a new run from its failed steps, on its own version.", "Retry", ok -> {
                    try {
                        int started = runs.retryParked();
                        Feedback.success("Retried " + (started == 1 ? "1 run" : started + " runs"));
                    } catch (RuntimeException problem) {
                        Feedback.error(problem.getMessage());
                    }
                    show(principal);
                });
                confirm.setCancelable(true);
                confirm.setId("dashboard-retry-confirm");
                confirm.open();
            });
            retry.addThemeVariants(ButtonVariant.LUMO_SMALL);
            retry.setId("dashboard-retry-parked");
            tile.with(retry);
        }
        return tile;
    }

    private Component approvals() {
        List<RunsAtAGlance.Approval> waiting = runs.approvals(50);
        var tile = new Tile("tile-approvals", VaadinIcon.HANDS_UP, "Waiting for approval", waiting.size() >= 50 ? "50+" : String.valueOf(waiting.size()),
                waiting.isEmpty() ? "No run waits for an answer" : "Runs paused until a member approves or rejects",
                waiting.isEmpty() ? null : "approvals", waiting.isEmpty() ? null : "Open approvals");
        waiting.stream().limit(3).forEach(a -> tile.item("runs/" + a.runId(), a.workflowName(), a.message()));
        return tile;
    }

    private Component connectionsTile(FlowmeterPrincipal principal) {
        var broken = connections.needingAttention();
        var tile = new Tile("tile-connections", VaadinIcon.PLUG, "Connections to reconnect", String.valueOf(broken.size()),
                broken.isEmpty() ? "Every connection works" : "Steps using them fail until they are reconnected",
                broken.isEmpty() ? null : "connections", broken.isEmpty() ? null : "Open Connections");
        broken.stream().limit(3).forEach(c -> tile.item("connections", c.name(), c.status().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (c.message() == null ? "" : ": " + c.message())));
        return tile;
    }

    private Component stopped() {
        var stopped = triggers.stopped(20, Instant.now());
        var tile = new Tile("tile-stopped", VaadinIcon.CLOCK, "Stopped starting", String.valueOf(stopped.size()),
                stopped.isEmpty() ? "Every scheduled and webhook workflow starts as usual"
                        : "Published workflows whose schedule missed a fire or whose webhook went quiet", null, null);
        stopped.stream().limit(3).forEach(s -> tile.item("workflows/" + s.workflowId(), s.workflowName(), s.reason()));
        return tile;
    }

    private void welcomeOnly(FlowmeterPrincipal principal) {
        var empty = new Div();
        empty.addClassName("fm-empty-state");
        empty.add(new Icon(VaadinIcon.CONNECT_O), new H3("No automations yet"),
                new Paragraph("Flowmeter runs your workflows durably and shows what each one saves in time and money, "
                        + "net of what it costs to run. Time saved, money saved and run counts appear here once your "
                        + "first workflow has run."));
        add(empty);
        var steps = new FlexLayout();
        steps.addClassName("fm-next-steps");
        if (principal.has(Role.BUILDER)) {
            steps.add(step(VaadinIcon.CONNECT_O, "Build your first workflow", "Draw it on the canvas: a trigger, then the steps it runs.",
                    "workflows", "Open Workflows"));
        }
        if (principal.has(Role.ADMIN)) {
            steps.add(step(VaadinIcon.USERS, "Invite your team", "Add the people who build and run automations.",
                    "settings", "Manage members"));
            steps.add(step(VaadinIcon.KEY, "Create an API key", "Start workflows from your own systems over the REST API.",
                    "settings?tab=api-keys", "API keys"));
        } else {
            steps.add(step(VaadinIcon.INFO_CIRCLE, "You are a " + principal.role().label().toLowerCase(),
                    principal.role().description() + ".", null, null));
        }
        add(steps);
    }

    private static Component step(VaadinIcon icon, String title, String text, String href, String link) {
        var card = new Div(new Icon(icon), new H3(title), new Paragraph(text));
        card.addClassName("fm-card");
        if (href != null) {
            card.add(new Anchor(href, link));
        }
        return card;
    }
}
