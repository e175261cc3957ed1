package io.flowmeter.engine.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.engine.service.RunService.RerunFrom;
import io.flowmeter.engine.service.RunService.RerunVersion;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.AsSignedIn;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.ui.CopyField;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import io.flowmeter.workflow.ui.CanvasPictures;
import io.flowmeter.workflow.ui.FlowCanvas;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One run at {@code /runs/{id}}: its workflow version drawn on the builder's canvas with every step coloured by its
 * state, updating live (the engine's run events, through push) while the run goes on; a timeline of the steps; the
 * selected step's details ({@link StepDetailsPanel}); the run's links and actions ({@link RunHeader}).
 */
@Route("runs/:id")
@RolesAllowed(Role.Names.VIEWER)
public class RunView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final RunService runs;
    private final WorkflowService workflows;
    private final CanvasPictures pictures;
    private final RunEventsToScreens events;
    private final FlowCanvas canvas = new FlowCanvas();
    private final Div header = new Div();
    private final Div timeline = new Div();
    private final VerticalLayout side = new VerticalLayout();
    private final com.vaadin.flow.component.orderedlayout.HorizontalLayout body = new com.vaadin.flow.component.orderedlayout.HorizontalLayout();
    private final Div missing = new Div(new H3("Run not found"), new Paragraph("It may have been deleted with its workflow, or it "
            + "belongs to another organization."));
    private @Nullable UUID runId;
    private RunService.@Nullable RunDetails details;
    private RunService.@Nullable RunLinks links;
    private @Nullable String selected;
    private @Nullable WorkflowDefinition definition;
    private io.flowmeter.workflow.ui.@Nullable CanvasGraph graph;
    private @Nullable AutoCloseable watching;
    private String title = "Run";
    private long refreshes;

    RunView(RunService runs, WorkflowService workflows, CanvasPictures pictures, RunEventsToScreens events) {
        this.runs = runs;
        this.workflows = workflows;
        this.pictures = pictures;
        this.events = events;
        setSizeFull();
        setPadding(false);
        setSpacing(false);
        header.setWidthFull();
        side.addClassName("fm-builder-side");
        side.setId("run-side");
        var sideScroller = new Scroller(side);
        sideScroller.addClassName("fm-builder-side-scroller");
        sideScroller.setHeightFull();
        var canvasBox = new Div(canvas);
        canvasBox.addClassName("fm-canvas-box");
        timeline.setWidthFull();
        timeline.getStyle().set("max-height", "30%").set("overflow", "auto").set("flex", "none");
        missing.addClassName("fm-empty-state");
        missing.setVisible(false);
        body.add(canvasBox, sideScroller);
        body.setWidthFull();
        body.setMinHeight("0");
        body.setSpacing(false);
        body.setFlexGrow(1, canvasBox);
        add(missing, header, body, timeline);
        setFlexGrow(1, body);
        canvas.onSelection(ids -> {
            selected = ids.size() == 1 ? ids.get(0) : null;
            showSide();
            showTimeline();
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
            if (watching != null) {
                watch(event.getUI()); // already attached: follow the new run (before reading it, so no event is missed)
            }
            refresh(); // the canvas fits itself once, when the first graph arrives (a server-side fit would animate again)
            missing.setVisible(false);
            body.setVisible(true);
            header.setVisible(true);
            timeline.setVisible(true);
        } catch (IllegalArgumentException | NotFoundException e) {
            runId = null;
            missing.setVisible(true);
            body.setVisible(false);
            header.setVisible(false);
            timeline.setVisible(false);
            title = "Run not found";
        }
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        watch(attachEvent.getUI());
        if (runId != null && details != null && !details.run().status().finished()) {
            refresh(); // whatever happened between reading the run before the attach and listening now
        }
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
        // a burst of events (a fan-out settling) needs one refresh, not one each: at most one waits at a time
        var pending = new java.util.concurrent.atomic.AtomicBoolean();
        watching = events.watch(runId, event -> {
            if (pending.compareAndSet(false, true)) {
                ui.access(() -> {
                    pending.set(false);
                    refresh.run();
                });
            }
        });
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
        refreshes++;
        details = runs.get(runId);
        links = runs.links(runId);
        var run = details.run();
        var version = workflows.version(run.versionId()).orElseThrow(() -> new NotFoundException("Run not found"));
        Map<String, String> states = new HashMap<>();
        details.steps().forEach(s -> states.put(s.step().nodeId(), s.step().status().name().toLowerCase(Locale.ROOT)));
        definition = workflows.definitionOf(version);
        graph = pictures.readOnly(definition).withStatuses(states);
        canvas.show(selected == null ? graph : graph.selecting(List.of(selected)));
        Workflow workflow = workflows.get(run.workflowId());
        title = workflow.getName() + " · run";
        header.removeAll();
        header.add(new RunHeader(details, workflow.getName(), workflow.getLatestVersion(), links, this::name, operator(), new RunHeader.Actions() {
            @Override
            public void cancel() {
                act(() -> runs.cancel(run.id()), "Cancelled: no more steps start");
            }

            @Override
            public void pause() {
                act(() -> runs.pause(run.id()), "Paused: steps already running finish, no new ones start until you resume");
            }

            @Override
            public void resume() {
                act(() -> runs.resume(run.id()), "Resumed");
            }

            @Override
            public void rerun(RerunFrom from, RerunVersion version) {
                try {
                    UUID next = runs.rerun(run.id(), from, version);
                    Feedback.success("Started a new run");
                    getUI().ifPresent(ui -> ui.navigate("runs/" + next));
                } catch (RuntimeException problem) {
                    Feedback.error(problem.getMessage());
                }
            }

            @Override
            public void select(String nodeId) {
                selectStep(nodeId);
            }
        }));
        showSide();
        showTimeline();
    }

    private void act(Runnable work, String done) {
        try {
            work.run();
            Feedback.success(done);
        } catch (RuntimeException problem) {
            Feedback.error(problem.getMessage());
        }
        refresh();
    }

    private void selectStep(String nodeId) {
        selected = nodeId;
        if (graph != null) {
            canvas.show(graph.selecting(List.of(nodeId)));
            canvas.focusNode(nodeId);
        }
        showSide();
        showTimeline();
    }

    private static boolean operator() {
        return CurrentUser.get().map(p -> p.has(Role.OPERATOR)).orElse(false);
    }

    private String name(String nodeId) {
        String name = definition == null ? null : definition.node(nodeId).map(WorkflowDefinition.Node::name).orElse(null);
        return name == null || name.isBlank() ? nodeId : name;
    }

    private void showTimeline() {
        timeline.removeAll();
        if (details != null) {
            timeline.add(new RunTimeline(details, this::name, selected, this::selectStep));
        }
    }

    private void showSide() {
        side.removeAll();
        if (details == null) {
            return;
        }
        var step = selected == null ? null : details.steps().stream().filter(s -> s.step().nodeId().equals(selected)).findFirst().orElse(null);
        if (step == null) {
            side.add(new H3("Run"), new CopyField("Run id", details.run().id().toString()));
            var hint = new Paragraph("Select a step on the canvas or the timeline to see its input, output, error and attempts.");
            hint.addClassName("fm-muted");
            side.add(hint);
            String output = details.run().output();
            if (output != null) {
                // the tree (a grid) is made when the section opens: closed, it would cost the page's first render
                var box = new Div();
                var section = new com.vaadin.flow.component.details.Details(new com.vaadin.flow.component.html.Span("Run output"), box);
                section.setId("run-output-section");
                section.addOpenedChangeListener(e -> {
                    if (e.isOpened() && box.getChildren().findAny().isEmpty()) {
                        box.add(new JsonTree(output, "run-output.json", "run-output"));
                    }
                });
                side.add(section);
            }
            return;
        }
        UUID stepId = step.step().id();
        List<UUID> children = links == null ? List.of() : links.childrenByStep().getOrDefault(stepId, List.of());
        UUID run = details.run().id();
        side.add(new StepDetailsPanel(step, name(step.step().nodeId()), details.run().workflowId(), children, operator(),
                !details.run().status().finished(), new StepDetailsPanel.Host() {
            @Override
            public RunService.RenderedInput input(String nodeId) {
                return runs.input(run, nodeId);
            }

            @Override
            public void decide(String nodeId, boolean approved, @Nullable String comment) {
                act(() -> runs.decide(run, nodeId, approved, comment == null || comment.isBlank() ? null : comment.strip()),
                        approved ? "Approved: the run goes on" : "Rejected");
            }
        }));
    }

    static String duration(Duration duration) {
        long ms = Math.max(0, duration.toMillis());
        return ms < 1000 ? ms + " ms" : ms < 60_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0)
                : ms < 3_600_000 ? (ms / 60_000) + " min " + (ms % 60_000) / 1000 + " s"
                : (ms / 3_600_000) + " h " + (ms % 3_600_000) / 60_000 + " min";
    }

    List<String> stepStates() {
        return details == null ? List.of() : details.steps().stream().map(s -> s.step().nodeId() + ":" + s.step().status()).toList();
    }

    /** How often the view re-read the run (each run event, each action): for tests and the push-lag benchmark. */
    long refreshes() {
        return refreshes;
    }
}
