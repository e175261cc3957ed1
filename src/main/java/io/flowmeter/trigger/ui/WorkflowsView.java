package io.flowmeter.trigger.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.DataProvider;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.engine.service.RunStore;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.trigger.poll.PollService;
import io.flowmeter.trigger.schedule.ScheduleService;
import io.flowmeter.trigger.webhook.WebhookService;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;

import java.time.ZoneId;
import java.util.Map;

/**
 * The organization's workflows: how each one starts (manual, webhook address, schedule with its next fire times,
 * polling with its last check), pause and resume, a "Run" button with an input form, and the latest runs.
 * Workflows are built over the REST API until the visual builder arrives.
 */
@Route("workflows")
@PageTitle("Workflows")
@Menu(order = 10, icon = "vaadin:connect", title = "Workflows")
@RolesAllowed("VIEWER")
public class WorkflowsView extends VerticalLayout implements com.vaadin.flow.router.BeforeEnterObserver {

    private final WorkflowService workflows;
    private final RunService runs;
    private final WebhookService webhooks;
    private final ScheduleService schedules;
    private final PollService polls;
    private final ObjectMapper json;
    private final Grid<Workflow> grid = new Grid<>();
    private final VerticalLayout details = new VerticalLayout();
    private final Div empty = new Div();

    WorkflowsView(WorkflowService workflows, RunService runs, WebhookService webhooks, ScheduleService schedules, PollService polls,
                  ObjectMapper json) {
        this.workflows = workflows;
        this.runs = runs;
        this.webhooks = webhooks;
        this.schedules = schedules;
        this.polls = polls;
        this.json = json;
        setSizeFull();
        grid.addColumn(Workflow::getName).setHeader("Name").setAutoWidth(true);
        grid.addColumn(w -> triggerLabel(trigger(w))).setHeader("Starts").setAutoWidth(true);
        grid.addColumn(w -> w.getLatestVersion() == null ? "Draft" : "v" + w.getLatestVersion()).setHeader("Published").setAutoWidth(true);
        grid.addComponentColumn(w -> {
            var badge = new Span(w.getLatestVersion() == null ? "Not published" : w.isPaused() ? "Paused" : "Active");
            badge.getElement().getThemeList().add(w.getLatestVersion() == null ? "badge contrast" : w.isPaused() ? "badge" : "badge success");
            return badge;
        }).setHeader("Status").setAutoWidth(true);
        // the date fits beside the details panel; the exact time is in the tooltip
        grid.addColumn(w -> Feedback.date(w.getUpdatedAt())).setHeader("Changed").setAutoWidth(true)
                .setTooltipGenerator(w -> Feedback.dateTime(w.getUpdatedAt()));
        grid.setItems(DataProvider.fromCallbacks(
                query -> workflows.list(PageRequest.of(query.getPage(), query.getPageSize())).stream(),
                query -> (int) Math.min(Integer.MAX_VALUE, workflows.list(PageRequest.of(0, 1)).getTotalElements())));
        grid.asSingleSelect().addValueChangeListener(e -> showDetails(e.getValue()));
        grid.setSizeFull();

        empty.addClassName("fm-empty-state");
        empty.add(VaadinIcon.CONNECT.create(), new H3("No workflows yet"), new Paragraph("A workflow is a chain of steps that runs "
                + "when something happens: a webhook arrives, a schedule fires, a new item appears, or you press Run. Create one "
                + "with POST /api/v1/workflows (see the README) until the visual builder arrives; it then shows up here."));

        details.setWidth("26rem");
        details.setVisible(false);
        details.setId("workflow-details");
        var body = new HorizontalLayout(grid, details);
        body.setSizeFull();
        body.setFlexGrow(1, grid);
        add(empty, body);
        setFlexGrow(1, body);
    }

    @Override
    public void beforeEnter(com.vaadin.flow.router.BeforeEnterEvent event) {
        boolean none = workflows.list(PageRequest.of(0, 1)).isEmpty();
        empty.setVisible(none);
        grid.setVisible(!none);
        grid.getDataProvider().refreshAll();
    }

    private WorkflowDefinition.@Nullable Node trigger(Workflow workflow) {
        try {
            WorkflowDefinition definition = workflow.getLatestVersion() == null ? workflows.definitionOf(workflow)
                    : workflows.definitionOf(workflows.latestVersion(workflow.getId()));
            return definition.trigger().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String triggerLabel(WorkflowDefinition.@Nullable Node trigger) {
        if (trigger == null || trigger.type() == null) {
            return "—";
        }
        return switch (trigger.type()) {
            case "trigger.webhook" -> "Webhook";
            case "trigger.schedule" -> "Schedule";
            case "trigger.poll" -> "Polling " + trigger.paramsOrEmpty().getOrDefault("source", "");
            default -> "Manual or API";
        };
    }

    private void showDetails(@Nullable Workflow workflow) {
        details.removeAll();
        details.setVisible(workflow != null);
        if (workflow == null) {
            return;
        }
        details.add(new H4(workflow.getName()));
        if (workflow.getDescription() != null) {
            details.add(new Paragraph(workflow.getDescription()));
        }
        var run = new Button("Run", VaadinIcon.PLAY.create(), e -> openRunDialog(workflow));
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        run.setId("workflow-run");
        run.setEnabled(workflow.getLatestVersion() != null && may(Role.OPERATOR));
        var pause = new Button(workflow.isPaused() ? "Resume" : "Pause", e -> {
            try {
                workflows.setPaused(workflow.getId(), !workflow.isPaused());
                Feedback.success(workflow.getName() + (workflow.isPaused() ? " resumed" : " paused: its triggers start nothing"));
                grid.getDataProvider().refreshAll();
                grid.select(workflows.get(workflow.getId()));
            } catch (RuntimeException problem) {
                Feedback.error(problem.getMessage());
            }
        });
        pause.addThemeVariants(ButtonVariant.LUMO_SMALL);
        pause.setId("workflow-pause");
        pause.setEnabled(may(Role.BUILDER));
        details.add(new HorizontalLayout(run, pause));
        if (workflow.getLatestVersion() == null) {
            details.add(new Paragraph("Publish it (POST /api/v1/workflows/{id}/publish) to run it and switch its trigger on."));
        } else {
            details.add(triggerPanel(workflow));
        }
        details.add(new H4("Latest runs"));
        var latest = runs.list(workflow.getId(), null, false, null, 10).items();
        if (latest.isEmpty()) {
            var none = new Paragraph("No runs yet.");
            none.addClassName("fm-muted");
            details.add(none);
        } else {
            var list = new UnorderedList();
            for (RunStore.RunRow row : latest) {
                list.add(new ListItem(Feedback.dateTime(row.createdAt()) + " · " + row.status().name().toLowerCase() + " · " + row.triggerKind()));
            }
            list.setId("workflow-runs");
            details.add(list);
        }
    }

    private Component triggerPanel(Workflow workflow) {
        var panel = new VerticalLayout();
        panel.setPadding(false);
        var trigger = trigger(workflow);
        String type = trigger == null || trigger.type() == null ? "" : trigger.type();
        try {
            switch (type) {
                case "trigger.webhook" -> {
                    var hook = webhooks.hook(workflow.getId());
                    var url = new TextField("Webhook address");
                    url.setValue(hook.url());
                    url.setReadOnly(true);
                    url.setWidthFull();
                    url.setId("workflow-webhook-url");
                    var regenerate = new Button("New address", e -> Feedback.confirmDestructive("Replace the webhook address?",
                            "Senders using the current address get 404 from now on; give them the new one.", "Replace",
                            () -> webhooks.regenerate(workflow.getId()), () -> showDetails(workflow)));
                    regenerate.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                    regenerate.setEnabled(may(Role.BUILDER));
                    panel.add(url, regenerate);
                    long waiting = webhooks.waiting(workflow.getId());
                    if (waiting > 0) {
                        var held = new Span(waiting + (waiting == 1 ? " request is" : " requests are")
                                + " waiting to start " + (waiting == 1 ? "its run" : "their runs")
                                + (workflow.isPaused() ? " when the workflow is resumed" : ""));
                        held.setId("workflow-webhook-waiting");
                        panel.add(held);
                    }
                }
                case "trigger.schedule" -> {
                    var view = schedules.view(workflow.getId(), false);
                    panel.add(new Span("Schedule: " + view.expression() + " (" + view.timezone() + "), overlap " + view.overlap()));
                    var next = new UnorderedList();
                    next.setId("workflow-next-fires");
                    ZoneId zone = ZoneId.of(view.timezone());
                    view.next().forEach(t -> next.add(new ListItem(Feedback.dateTime(t) + " (" + t.atZone(zone).toLocalDateTime()
                            .toString().replace('T', ' ') + " " + view.timezone() + ")")));
                    panel.add(new Span(workflow.isPaused() ? "Paused: would next fire" : "Next fires"), next,
                            new Span(view.fired() + " fired, " + view.skipped() + " skipped" + (view.queued() > 0 ? ", " + view.queued() + " waiting" : "")));
                }
                case "trigger.poll" -> {
                    var view = polls.view(workflow.getId());
                    panel.add(new Span("Watches " + view.source() + " every " + view.interval()),
                            new Span(view.lastPolledAt() == null ? "Not checked yet" : "Last checked " + Feedback.dateTime(view.lastPolledAt())),
                            new Span(view.started() + " runs started, " + view.seen() + " items seen"));
                    if (view.lastError() != null) {
                        var error = new Paragraph("Last check failed: " + view.lastError());
                        error.getStyle().set("color", "var(--lumo-error-text-color)");
                        panel.add(error);
                    }
                }
                default -> panel.add(new Span("Started with Run here or POST /api/v1/workflows/" + workflow.getId() + "/runs"));
            }
        } catch (NotFoundException | ConflictException | InvalidInputException e) {
            panel.add(new Span(e.getMessage()));
        }
        return panel;
    }

    private static boolean may(Role role) {
        return CurrentUser.get().map(p -> p.has(role)).orElse(false);
    }

    private void openRunDialog(Workflow workflow) {
        var dialog = new Dialog();
        dialog.setHeaderTitle("Run " + workflow.getName());
        dialog.setWidth("min(34rem, 95vw)");
        var input = new TextArea("Input (JSON)");
        input.setWidthFull();
        input.setMinHeight("10rem");
        input.setId("run-input");
        var trigger = trigger(workflow);
        Object sample = trigger == null ? null : trigger.paramsOrEmpty().get("sampleInput");
        try {
            input.setValue(sample == null ? "{}" : json.writerWithDefaultPrettyPrinter().writeValueAsString(sample));
        } catch (JsonProcessingException e) {
            input.setValue("{}");
        }
        input.setHelperText("Steps see it as trigger.<field>");
        dialog.add(input);
        var start = new Button("Run", e -> {
            Object value;
            try {
                value = json.readValue(input.getValue().isBlank() ? "{}" : input.getValue(), Object.class);
            } catch (JsonProcessingException problem) {
                input.setErrorMessage("Not valid JSON: " + problem.getOriginalMessage());
                input.setInvalid(true);
                return;
            }
            if (!(value instanceof Map<?, ?>)) {
                input.setErrorMessage("The input is a JSON object, e.g. {\"name\": \"Ada\"}");
                input.setInvalid(true);
                return;
            }
            try {
                var runId = runs.start(workflow.getId(), value, "manual");
                dialog.close();
                Feedback.success("Run started (" + runId + ")");
                showDetails(workflow);
            } catch (InvalidInputException | ConflictException problem) {
                input.setErrorMessage(problem.getMessage());
                input.setInvalid(true);
            }
        });
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.setId("run-start");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), start);
        dialog.open();
        input.focus();
    }
}
