package io.flowmeter.engine.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.engine.service.RunService.RerunFrom;
import io.flowmeter.engine.service.RunService.RerunVersion;
import io.flowmeter.engine.service.RunStore.AttemptRow;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.identity.security.AsSignedIn;
import io.flowmeter.shared.ui.CopyField;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.workflow.service.WorkflowService;
import io.flowmeter.workflow.ui.CanvasPictures;
import io.flowmeter.workflow.ui.FlowCanvas;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One run at {@code /runs/{id}}: its workflow version drawn on the builder's canvas with every step coloured by its
 * state, updating live (the engine's run events, through push) while the run goes on; the selected step's output,
 * error, waiting reason and attempts; cancel, and re-run from the failed step or from the start.
 */
@Route("runs/:id")
@RolesAllowed(Role.Names.VIEWER)
public class RunView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final RunService runs;
    private final WorkflowService workflows;
    private final CanvasPictures pictures;
    private final RunEventsToScreens events;
    private final FlowCanvas canvas = new FlowCanvas();
    private final VerticalLayout header = new VerticalLayout();
    private final VerticalLayout side = new VerticalLayout();
    private final HorizontalLayout body = new HorizontalLayout();
    private final Div missing = new Div(new H3("Run not found"), new Paragraph("It may have been deleted with its workflow, or it "
            + "belongs to another organization."));
    private @Nullable UUID runId;
    private RunService.@Nullable RunDetails details;
    private @Nullable String selected;
    private io.flowmeter.workflow.domain.@Nullable WorkflowDefinition definition;
    private @Nullable AutoCloseable watching;
    private String title = "Run";

    RunView(RunService runs, WorkflowService workflows, CanvasPictures pictures, RunEventsToScreens events) {
        this.runs = runs;
        this.workflows = workflows;
        this.pictures = pictures;
        this.events = events;
        setSizeFull();
        setPadding(false);
        setSpacing(false);
        header.setPadding(true);
        header.setSpacing(false);
        header.addClassName("fm-run-header");
        side.addClassName("fm-builder-side");
        side.setId("run-side");
        var sideScroller = new Scroller(side);
        sideScroller.addClassName("fm-builder-side-scroller");
        sideScroller.setHeightFull();
        var canvasBox = new Div(canvas);
        canvasBox.addClassName("fm-canvas-box");
        missing.addClassName("fm-empty-state");
        missing.setVisible(false);
        body.add(canvasBox, sideScroller);
        body.setWidthFull();
        body.setMinHeight("0");
        body.setSpacing(false);
        body.setFlexGrow(1, canvasBox);
        add(missing, header, body);
        setFlexGrow(1, body);
        canvas.onSelection(ids -> {
            selected = ids.size() == 1 ? ids.get(0) : null;
            showSide();
        });
        // the canvas is read only: whatever the browser reports besides selection is answered with the same picture
        canvas.onMoved(moves -> refresh());
        canvas.onDelete((n, e) -> refresh());
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        try {
            runId = UUID.fromString(event.getRouteParameters().get("id").orElse(""));
            selected = null;
            refresh();
            canvas.fitView();
            missing.setVisible(false);
            body.setVisible(true);
            header.setVisible(true);
            if (watching != null) {
                watch(event.getUI()); // already attached: follow the new run
            }
        } catch (IllegalArgumentException | NotFoundException e) {
            runId = null;
            missing.setVisible(true);
            body.setVisible(false);
            header.setVisible(false);
            title = "Run not found";
        }
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        watch(attachEvent.getUI());
    }

    /**
     * Follows the shown run's events (again after the view moved to another run, e.g. after Re-run: the router reuses
     * this view without a new attach).
     */
    private void watch(UI ui) {
        AsSignedIn.close(watching);
        watching = null;
        if (runId == null) {
            return;
        }
        // events arrive on the engine's threads: the refresh runs as the viewer, in their organization
        Runnable refresh = AsSignedIn.now().wrap(this::refresh);
        watching = events.watch(runId, event -> ui.access(refresh::run));
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        AsSignedIn.close(watching);
        watching = null;
        super.onDetach(detachEvent);
    }

    private void refresh() {
        if (runId == null) {
            return;
        }
        details = runs.get(runId);
        var run = details.run();
        var version = workflows.version(run.versionId()).orElseThrow(() -> new NotFoundException("Run not found"));
        Map<String, String> states = new HashMap<>();
        details.steps().forEach(s -> states.put(s.step().nodeId(), s.step().status().name().toLowerCase(Locale.ROOT)));
        definition = workflows.definitionOf(version);
        canvas.show(pictures.readOnly(definition).withStatuses(states));
        String workflowName = workflows.get(run.workflowId()).getName();
        title = workflowName + " · run";
        showHeader(workflowName);
        showSide();
    }

    private void showHeader(String workflowName) {
        var run = details.run();
        header.removeAll();
        var status = new Span(run.status().name().toLowerCase(Locale.ROOT));
        status.getElement().getThemeList().add(switch (run.status()) {
            case SUCCEEDED -> "badge success";
            case FAILED -> "badge error";
            case CANCELLED -> "badge contrast";
            default -> "badge";
        });
        status.setId("run-status");
        var name = new H3(workflowName);
        name.addClassName("fm-panel-title");
        var top = new HorizontalLayout(name, status);
        top.setAlignItems(FlexComponent.Alignment.CENTER);
        long done = details.steps().stream().filter(s -> s.step().status().settled()).count();
        Instant end = run.finishedAt() == null ? Instant.now() : run.finishedAt();
        var meta = new Span("Version " + run.versionNumber() + " · " + run.triggerKind() + " · started " + Feedback.dateTime(run.createdAt())
                + " · " + duration(Duration.between(run.createdAt(), end)) + (run.finishedAt() == null ? " so far" : "")
                + " · steps " + done + "/" + details.steps().size());
        meta.addClassName("fm-muted");
        meta.setId("run-meta");
        header.add(top, meta);
        if (run.error() != null) {
            var error = new Paragraph(run.error());
            error.addClassName("fm-preview-error");
            header.add(error);
        }
        boolean operator = CurrentUser.get().map(p -> p.has(Role.OPERATOR)).orElse(false);
        var actions = new HorizontalLayout();
        if (operator && !run.status().finished()) {
            actions.add(action("Cancel", "run-cancel", () -> runs.cancel(run.id()), "Cancelled: no more steps start"));
        }
        if (operator && run.status().finished() && run.scopeNode() == null) {
            if (run.status() != io.flowmeter.engine.domain.RunStatus.SUCCEEDED) {
                actions.add(rerun("Re-run from the failed step", "run-rerun-failed", RerunFrom.FAILED_STEP));
            }
            actions.add(rerun("Re-run from the start", "run-rerun-start", RerunFrom.START));
        }
        header.add(actions);
    }

    private Button action(String label, String id, Runnable work, String done) {
        var button = new Button(label, e -> {
            try {
                work.run();
                Feedback.success(done);
                refresh();
            } catch (RuntimeException problem) {
                Feedback.error(problem.getMessage());
            }
        });
        button.addThemeVariants(ButtonVariant.LUMO_SMALL);
        button.setId(id);
        return button;
    }

    private Button rerun(String label, String id, RerunFrom from) {
        var button = new Button(label, e -> {
            try {
                UUID next = runs.rerun(details.run().id(), from, RerunVersion.SAME);
                Feedback.success("Started a new run");
                getUI().ifPresent(ui -> ui.navigate("runs/" + next));
            } catch (RuntimeException problem) {
                Feedback.error(problem.getMessage());
            }
        });
        button.addThemeVariants(ButtonVariant.LUMO_SMALL);
        button.setId(id);
        return button;
    }

    private void showSide() {
        side.removeAll();
        if (details == null) {
            return;
        }
        var step = selected == null ? null : details.steps().stream().filter(s -> s.step().nodeId().equals(selected)).findFirst().orElse(null);
        if (step == null) {
            side.add(new H3("Run"), new CopyField("Run id", details.run().id().toString()));
            var hint = new Paragraph("Select a step to see its output, error and attempts.");
            hint.addClassName("fm-muted");
            side.add(hint);
            if (details.run().output() != null) {
                side.add(block("Run output", details.run().output(), "run-output"));
            }
            return;
        }
        var row = step.step();
        String name = definition == null ? null : definition.node(row.nodeId()).map(io.flowmeter.workflow.domain.WorkflowDefinition.Node::name)
                .orElse(null);
        var title = new H3(name == null || name.isBlank() ? row.nodeId() : name);
        title.addClassName("fm-panel-title");
        var state = new Span(row.status().name().toLowerCase(Locale.ROOT) + (row.durationMs() == null ? "" : " in " + row.durationMs() + " ms"));
        state.setId("run-step-status");
        side.add(title, state);
        if (step.type() != null) {
            side.add(muted(step.type()));
        }
        if (row.waiting() != null) {
            side.add(new Paragraph("Waiting: " + row.waiting() + (row.wakeAt() == null ? "" : " until " + Feedback.dateTime(row.wakeAt()))));
        }
        if (row.error() != null) {
            var error = new Paragraph(row.error());
            error.addClassName("fm-preview-error");
            error.setId("run-step-error");
            side.add(error);
        }
        if (row.output() != null) {
            side.add(block("Output", row.output(), "run-step-output"));
        }
        if (!step.attempts().isEmpty()) {
            side.add(new H4("Attempts"));
            for (AttemptRow attempt : step.attempts()) {
                var line = new Span("#" + attempt.attempt() + " " + attempt.outcome() + " · " + duration(Duration.between(attempt.startedAt(),
                        attempt.finishedAt())) + (attempt.error() == null ? "" : " · " + attempt.error()));
                side.add(line);
                if (attempt.log() != null && !attempt.log().isBlank()) {
                    side.add(block("Log of attempt " + attempt.attempt(), attempt.log(), "run-step-log-" + attempt.attempt()));
                }
            }
        }
    }

    private static Details block(String title, String text, String id) {
        String shown = text.length() > 20_000 ? text.substring(0, 20_000) + "\n… (" + text.length() + " characters in all)" : text;
        var pre = new Pre(pretty(shown));
        pre.addClassName("fm-json-block");
        pre.setId(id);
        var details = new Details(new Span(title), pre);
        details.setOpened(true);
        return details;
    }

    private static String pretty(String json) {
        try {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readValue(json, Object.class));
        } catch (Exception e) {
            return json;
        }
    }

    static String duration(Duration duration) {
        long ms = Math.max(0, duration.toMillis());
        return ms < 1000 ? ms + " ms" : ms < 60_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 60_000) + " min " + (ms % 60_000) / 1000 + " s";
    }

    private static Paragraph muted(String text) {
        var p = new Paragraph(text);
        p.addClassName("fm-muted");
        return p;
    }

    List<String> stepStates() {
        return details == null ? List.of() : details.steps().stream().map(s -> s.step().nodeId() + ":" + s.step().status()).toList();
    }
}
