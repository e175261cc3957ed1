package io.flowmeter.workflow.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.BeforeLeaveEvent;
import com.vaadin.flow.router.BeforeLeaveObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import io.flowmeter.connection.ConnectionChoices;
import io.flowmeter.identity.People;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.ValidationFailedException;
import io.flowmeter.shared.ui.CopyField;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.workflow.StepTests;
import io.flowmeter.workflow.WorkflowNotifications;
import io.flowmeter.workflow.WorkflowRuns;
import io.flowmeter.workflow.WorkflowTriggers;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.service.DraftConflictException;
import io.flowmeter.workflow.service.WorkflowService;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The visual builder at {@code /workflows/{id}}: palette, canvas and the selected step's panel. Every browser intent
 * goes through {@link DraftModel}; every change is saved shortly after (debounced in the browser), refused when
 * someone else saved the draft meanwhile. Publish is disabled, with the reason, while the draft has problems.
 * {@code ?version=N} shows a published version read-only; {@code ?compare=A&to=B} shows what changed between two.
 * Viewers and operators see the canvas read-only.
 */
@Route("workflows/:id")
@RolesAllowed(Role.Names.VIEWER)
public class WorkflowBuilderView extends VerticalLayout implements BeforeEnterObserver, BeforeLeaveObserver, HasDynamicTitle {

    private static final String CLIPBOARD = "flowmeter.builder.clipboard";
    /** Quiet time after the last change before the draft is saved. */
    private static final int AUTOSAVE_MS = 700;

    private final WorkflowService workflows;
    private final StepCatalog catalog;
    private final ConnectionChoices connections;
    private final WorkflowTriggers triggers;
    private final WorkflowRuns runs;
    private final WorkflowNotifications notifications;
    private final io.flowmeter.workflow.WorkflowValue workflowValue;
    private final StepTests stepTests;
    private final io.flowmeter.template.Templates templates;
    private final TestData testData = new TestData();
    private final io.flowmeter.workflow.WebhookSamples samples;
    private @Nullable AutoCloseable sampleListener;
    private final People people;
    private final ObjectMapper json;

    private final FlowCanvas canvas = new FlowCanvas();
    private final StepPalette palette;
    private final VerticalLayout side = new VerticalLayout();
    private final Div banner = new Div();
    private final TextField name = new TextField();
    private final Span saveState = new Span();
    private final Span problemCount = new Span();
    private final Button undo = new Button(VaadinIcon.ARROW_BACKWARD.create());
    private final Button redo = new Button(VaadinIcon.ARROW_FORWARD.create());
    private final Button layout = new Button("Auto-layout", VaadinIcon.SITEMAP.create());
    private final Button fit = new Button(VaadinIcon.EXPAND_SQUARE.create());
    private final Button versionsButton = new Button("Versions", VaadinIcon.TIME_BACKWARD.create());
    private final Button notificationsButton = new Button("Notifications", VaadinIcon.BELL_O.create());
    private final Button valueButton = new Button("Value", VaadinIcon.PIGGY_BANK.create());
    private final Button run = new Button("Run", VaadinIcon.PLAY.create());
    private final Button testRun = new Button("Test workflow", VaadinIcon.FLASK.create());
    /** Test states drawn on the canvas (succeeded, failed, running, skipped), from "Test step" and "Test workflow". */
    private final Map<String, String> testStates = new java.util.concurrent.ConcurrentHashMap<>();
    private final Button publish = new Button("Publish", VaadinIcon.UPLOAD.create());

    private @Nullable Workflow workflow;
    private @Nullable DraftModel model;
    private boolean readOnly = true;
    /** Shown instead of the draft: a version ({@code version}) or a comparison of two. */
    private @Nullable Integer viewing;
    private @Nullable VersionDiff diff;
    private List<String> selection = List.of();
    private @Nullable StepPanel stepPanel;
    private long savedRevision;
    private boolean dirty;
    private boolean conflicted;
    private String title = "Workflow";

    WorkflowBuilderView(WorkflowService workflows, StepCatalog catalog, ConnectionChoices connections, WorkflowTriggers triggers,
                        WorkflowRuns runs, WorkflowNotifications notifications, io.flowmeter.workflow.WorkflowValue workflowValue, StepTests stepTests,
                        io.flowmeter.workflow.WebhookSamples samples, io.flowmeter.template.Templates templates, People people,
                        ObjectMapper json) {
        this.samples = samples;
        this.stepTests = stepTests;
        this.templates = templates;
        this.workflows = workflows;
        this.catalog = catalog;
        this.connections = connections;
        this.triggers = triggers;
        this.runs = runs;
        this.notifications = notifications;
        this.workflowValue = workflowValue;
        this.people = people;
        this.json = json;
        this.palette = new StepPalette(catalog, this::addFromPalette);
        setSizeFull();
        setPadding(false);
        setSpacing(false);
        addClassName("fm-builder");

        name.setAriaLabel("Workflow name");
        name.setId("builder-name");
        name.addClassName("fm-builder-name");
        name.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        name.addValueChangeListener(e -> {
            if (!e.isFromClient() || model == null) {
                return;
            }
            if (!StepPanel.validName(name)) {
                return;
            }
            String value = e.getValue().strip();
            apply(model.rename(value, model.definition().description()));
            title = value;
            // the layout's heading and the browser tab follow the new name
            getElement().executeJs("document.title = $0; const h = document.querySelector('.fm-page-title'); if (h) h.textContent = $0;", value);
        });
        saveState.setId("builder-save-state");
        saveState.addClassName("fm-save-state");
        problemCount.setId("builder-problems");
        undo.setAriaLabel("Undo (Ctrl+Z)");
        undo.setTooltipText("Undo (Ctrl+Z)");
        undo.setId("builder-undo");
        undo.addClickListener(e -> command("undo", List.of()));
        redo.setAriaLabel("Redo (Ctrl+Shift+Z)");
        redo.setTooltipText("Redo (Ctrl+Shift+Z)");
        redo.setId("builder-redo");
        redo.addClickListener(e -> command("redo", List.of()));
        layout.setId("builder-layout");
        layout.addClickListener(e -> canvas.autoLayout());
        fit.setAriaLabel("Fit to screen");
        fit.setTooltipText("Fit to screen");
        fit.addClickListener(e -> canvas.fitView());
        versionsButton.setId("builder-versions");
        versionsButton.addClickListener(e -> openVersions());
        notificationsButton.setId("builder-notifications");
        notificationsButton.setTooltipText("Who hears about failed runs of this workflow");
        notificationsButton.addClickListener(e -> {
            if (workflow != null) {
                notifications.open(workflow.getId(), WorkflowsView.may(Role.BUILDER));
            }
        });
        valueButton.setId("builder-value");
        valueButton.setTooltipText("What a successful run of this workflow saves, with the evidence (ROI)");
        valueButton.addClickListener(e -> {
            if (workflow != null) {
                workflowValue.open(workflow.getId(), WorkflowsView.may(Role.BUILDER));
            }
        });
        run.setId("builder-run");
        testRun.setId("builder-test-run");
        testRun.setTooltipText("Run the draft end to end now with the sample data: real calls, nothing stored or counted");
        testRun.addClickListener(e -> testWorkflow());
        run.addClickListener(e -> openRunDialog());
        publish.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        publish.setId("builder-publish");
        publish.addClickListener(e -> openPublish());
        for (Button b : List.of(undo, redo, layout, fit, versionsButton, notificationsButton, valueButton, testRun, run)) {
            b.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        }
        publish.addThemeVariants(ButtonVariant.LUMO_SMALL);
        var back = new Button(VaadinIcon.ARROW_LEFT.create(), e -> getUI().ifPresent(ui -> ui.navigate(WorkflowsView.class)));
        back.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        back.setAriaLabel("Back to workflows");
        var toolbar = new HorizontalLayout(back, name, saveState, problemCount, undo, redo, layout, fit, versionsButton, notificationsButton, valueButton,
                testRun, run, publish);
        toolbar.setAlignItems(FlexComponent.Alignment.CENTER);
        toolbar.setWidthFull();
        toolbar.addClassName("fm-builder-toolbar");
        toolbar.expand(saveState);

        banner.addClassName("fm-builder-banner");
        banner.setVisible(false);
        banner.setId("builder-banner");
        side.addClassName("fm-builder-side");
        side.setId("builder-side");
        var sideScroller = new Scroller(side);
        sideScroller.addClassName("fm-builder-side-scroller");
        sideScroller.setHeightFull();
        var canvasBox = new Div(canvas);
        canvasBox.addClassName("fm-canvas-box");
        var body = new HorizontalLayout(palette, canvasBox, sideScroller);
        body.setWidthFull();
        body.setMinHeight("0"); // a flex child: it takes what the toolbar leaves, no more

        body.setSpacing(false);
        body.setFlexGrow(1, canvasBox);
        add(toolbar, banner, body);
        setFlexGrow(1, body);

        canvas.onDrop(drop -> {
            if (model != null && !readOnly) {
                apply(model.add(drop.id(), drop.x(), drop.y()), true);
            } else {
                render();
            }
        });
        canvas.onMoved(moves -> editing(m -> m.move(moves)));
        canvas.onConnect((edge, source, handle, target) -> editing(m -> m.connect(source, handle, target)));
        canvas.onReconnect((edge, source, handle, target) -> editing(m -> m.reconnect(edge == null ? "" : edge, source, handle, target)));
        canvas.onDelete((nodes, edges) -> editing(m -> m.delete(nodes, edges)));
        canvas.onSelection(ids -> {
            selection = ids;
            showSide();
        });
        canvas.onCommand(this::command);
        // allowInert: a dialog opened meanwhile (New connection, Versions) must not swallow the save
        getElement().addEventListener("fm-autosave", e -> save()).allowInert();
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        UUID id;
        try {
            id = UUID.fromString(event.getRouteParameters().get("id").orElse(""));
            workflow = workflows.get(id);
        } catch (IllegalArgumentException | NotFoundException e) {
            showMissing();
            return;
        }
        QueryParameters query = event.getLocation().getQueryParameters();
        Integer version = number(query, "version");
        Integer compare = number(query, "compare");
        Integer to = number(query, "to");
        diff = null;
        viewing = null;
        readOnly = !WorkflowsView.may(Role.BUILDER);
        try {
            if (compare != null && to != null) {
                showComparison(id, compare, to);
            } else if (version != null) {
                showVersion(id, version);
            } else {
                load(workflow);
            }
        } catch (NotFoundException e) {
            Feedback.error(e.getMessage());
            load(workflow);
        }
        title = workflow.getName();
    }

    @Override
    protected void onAttach(com.vaadin.flow.component.AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        // the canvas wants the room: the navigation drawer folds away on laptop screens (the menu button brings it back)
        attachEvent.getUI().getPage().retrieveExtendedClientDetails(details -> {
            if (details.getWindowInnerWidth() < 1600) {
                findAncestor(com.vaadin.flow.component.applayout.AppLayout.class).setDrawerOpened(false);
            }
        });
    }

    @Override
    public void beforeLeave(BeforeLeaveEvent event) {
        if (save() || !dirty) {
            return;
        }
        var action = event.postpone();
        var confirm = new com.vaadin.flow.component.confirmdialog.ConfirmDialog("Leave without saving?",
                conflicted ? "Someone else changed this draft, so your latest changes were not saved." : "Your latest changes could not be saved.",
                "Leave anyway", e -> action.proceed());
        confirm.setCancelable(true);
        confirm.setCancelText("Stay");
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        closeListener();
        try {
            save(); // a detach at session end has no sign-in any more; the last autosave is what remains
        } catch (RuntimeException e) {
            // nothing to tell anyone: the page is gone
        }
        super.onDetach(detachEvent);
    }

    private static @Nullable Integer number(QueryParameters query, String key) {
        try {
            return query.getSingleParameter(key).map(Integer::valueOf).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void load(Workflow loaded) {
        workflow = loaded;
        model = new DraftModel(workflows.definitionOf(loaded), catalog, workflows::check);
        savedRevision = loaded.getDraftRevision();
        dirty = false;
        conflicted = false;
        selection = List.of();
        banner.setVisible(false);
        palette.setVisible(!readOnly);
        name.setValue(loaded.getName());
        name.setReadOnly(readOnly);
        render();
        canvas.fitView();
    }

    private void showVersion(UUID id, int number) {
        WorkflowVersion version = version(id, number);
        viewing = number;
        readOnly = true;
        model = new DraftModel(workflows.definitionOf(version), catalog, definition -> List.of());
        palette.setVisible(false);
        name.setValue(workflow.getName());
        name.setReadOnly(true);
        banner.removeAll();
        banner.add(new Span("Version " + number + ", published " + Feedback.dateTime(version.getPublishedAt())
                + (version.getNote() == null ? "" : ": “" + version.getNote() + "”") + ". Read only."));
        var restore = new Button("Restore this version", e -> confirmRestore(number));
        restore.setVisible(WorkflowsView.may(Role.BUILDER));
        restore.setId("banner-restore");
        banner.add(restore, backToDraft());
        banner.setVisible(true);
        render();
        canvas.fitView();
    }

    private void showComparison(UUID id, int before, int after) {
        var older = new DraftModel(workflows.definitionOf(version(id, before)), catalog, d -> List.of());
        var newer = new DraftModel(workflows.definitionOf(version(id, after)), catalog, d -> List.of());
        diff = VersionDiff.between(older.definition(), newer.definition());
        viewing = after;
        readOnly = true;
        model = newer;
        palette.setVisible(false);
        name.setValue(workflow.getName());
        name.setReadOnly(true);
        banner.removeAll();
        banner.add(new Span(diff.isEmpty() ? "Versions " + before + " and " + after + " run the same steps."
                : "Changes from version " + before + " to " + after + ": " + diff.added().size() + " added, " + diff.removed().size()
                + " removed, " + diff.changed().size() + " changed (green, red, amber)."), backToDraft());
        banner.setVisible(true);
        canvas.show(diff.paint(older.graph(true), newer.graph(true)));
        showSide();
        updateToolbar();
        canvas.fitView();
    }

    private WorkflowVersion version(UUID id, int number) {
        return workflows.versions(id).stream().filter(v -> v.getNumber() == number).findFirst()
                .orElseThrow(() -> new NotFoundException("Version " + number + " not found"));
    }

    private Button backToDraft() {
        var back = new Button("Back to the draft", e -> getUI().ifPresent(ui -> ui.navigate("workflows/" + workflow.getId())));
        back.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        back.setId("banner-back");
        return back;
    }

    private void showMissing() {
        workflow = null;
        model = null;
        removeAll();
        var missing = new Div();
        missing.addClassName("fm-empty-state");
        missing.add(new H3("Workflow not found"), new Paragraph("It may have been deleted, or it belongs to another organization."));
        var back = new Button("All workflows", e -> getUI().ifPresent(ui -> ui.navigate(WorkflowsView.class)));
        missing.add(back);
        add(missing);
        title = "Workflow not found";
    }

    // --- intents -----------------------------------------------------------------------------------------------

    private void editing(java.util.function.Function<DraftModel, DraftModel.Outcome> intent) {
        if (model == null) {
            return;
        }
        if (readOnly) {
            render(); // undo whatever the browser drew
            return;
        }
        apply(intent.apply(model));
    }

    private void apply(DraftModel.Outcome outcome) {
        apply(outcome, false);
    }

    private void apply(DraftModel.Outcome outcome, boolean selectResult) {
        if (outcome.refusal() != null) {
            Feedback.error(outcome.refusal());
        }
        if (outcome.changed()) {
            scheduleSave();
        }
        if (selectResult && outcome.nodeId() != null) {
            selection = List.of(outcome.nodeId());
            canvas.show(withTestStates(model.graph(readOnly)).selecting(selection));
            showSide();
            updateToolbar();
        } else {
            render();
        }
    }

    /**
     * An edit in the step panel: the canvas, toolbar and the panel's problem list follow, the form itself stays (so
     * the field being edited keeps its focus and the next one can be tabbed to).
     */
    private void panelEdit(String nodeId, UnaryOperator<Node> change) {
        if (model == null || readOnly) {
            return;
        }
        var outcome = model.update(nodeId, change);
        if (outcome.refusal() != null) {
            Feedback.error(outcome.refusal());
            render();
            return;
        }
        if (outcome.changed()) {
            scheduleSave();
            canvas.show(withTestStates(model.graph(readOnly)));
            updateToolbar();
            if (stepPanel != null) {
                stepPanel.showProblems(model.violationsOf(nodeId));
            }
        }
    }

    private void addFromPalette(String type) {
        if (model == null || readOnly) {
            return;
        }
        apply(model.addAfter(type, selection.size() == 1 ? selection.get(0) : null), true);
        if (selection.size() == 1) {
            canvas.focusNode(selection.get(0));
        }
    }

    private void command(String command, List<String> nodes) {
        if (model == null) {
            return;
        }
        switch (command) {
            case "undo" -> editing(DraftModel::undo);
            case "redo" -> editing(DraftModel::redo);
            case "copy" -> {
                var copied = model.copy(nodes.isEmpty() ? selection : nodes);
                if (!copied.nodes().isEmpty()) {
                    VaadinSession.getCurrent().setAttribute(CLIPBOARD, copied);
                    Feedback.success("Copied " + copied.nodes().size() + (copied.nodes().size() == 1 ? " step" : " steps"));
                }
            }
            case "paste" -> {
                Object clipboard = VaadinSession.getCurrent().getAttribute(CLIPBOARD);
                if (clipboard instanceof DraftModel.Clipboard copied && !readOnly) {
                    apply(model.paste(copied), true);
                }
            }
            case "select-all" -> {
                selection = model.definition().nodesOrEmpty().stream().map(Node::id).filter(java.util.Objects::nonNull).toList();
                canvas.show(model.graph(readOnly).selecting(selection));
                showSide();
            }
            default -> render();
        }
    }

    // --- saving ------------------------------------------------------------------------------------------------

    private void scheduleSave() {
        dirty = true;
        if (!conflicted) {
            saveState.setText("Saving…");
        }
        // debounced in the browser: the last change plus a quiet moment sends one save
        getElement().executeJs("clearTimeout(this.__fmSave); this.__fmSave = setTimeout(() =>"
                + " this.dispatchEvent(new CustomEvent('fm-autosave')), $0);", AUTOSAVE_MS);
    }

    /** Saves now if there is anything to save; false when it could not be saved. */
    boolean save() {
        if (!dirty || model == null || workflow == null || readOnly || viewing != null) {
            return true;
        }
        if (conflicted) {
            return false;
        }
        try {
            workflow = workflows.saveDraft(workflow.getId(), model.definition(), savedRevision);
            savedRevision = workflow.getDraftRevision();
            dirty = false;
            saveState.setText("Saved");
            saveState.getElement().setAttribute("title", "Saved " + Feedback.dateTime(workflow.getUpdatedAt()));
            return true;
        } catch (DraftConflictException e) {
            conflicted = true;
            saveState.setText("Not saved: changed by " + e.who());
            new DraftConflictDialog(e.getMessage(), this::reload).open();
            return false;
        } catch (RuntimeException e) {
            saveState.setText("Not saved");
            Feedback.error("Could not save the draft: " + e.getMessage());
            return false;
        }
    }

    private void reload() {
        load(workflows.get(workflow.getId()));
        Feedback.success("Reloaded the latest draft");
    }

    // --- drawing -----------------------------------------------------------------------------------------------

    private void render() {
        if (model == null) {
            return;
        }
        if (diff != null) {
            return; // a comparison is drawn once, from both versions
        }
        canvas.show(withTestStates(model.graph(readOnly)));
        showSide();
        updateToolbar();
    }

    /** Tested steps drawn green or red. */
    private CanvasGraph withTestStates(CanvasGraph graph) {
        return testStates.isEmpty() ? graph : graph.withStatuses(Map.copyOf(testStates));
    }

    private void updateToolbar() {
        boolean editing = !readOnly && viewing == null;
        undo.setVisible(editing);
        redo.setVisible(editing);
        layout.setVisible(editing);
        undo.setEnabled(model != null && model.canUndo());
        redo.setEnabled(model != null && model.canRedo());
        publish.setVisible(editing);
        run.setVisible(viewing == null && WorkflowsView.may(Role.OPERATOR) && workflow != null && workflow.getLatestVersion() != null);
        testRun.setVisible(viewing == null && WorkflowsView.may(Role.OPERATOR));
        if (model == null) {
            return;
        }
        if (!dirty && !conflicted) {
            saveState.setText(viewing != null ? "" : readOnly ? "Read only" : workflow.getLatestVersion() == null ? "Draft, saved"
                    : "Draft, saved · v" + workflow.getLatestVersion() + " published");
        }
        List<ValidationFailedException.Violation> problems = viewing == null ? model.problems() : List.of();
        problemCount.setText(problems.isEmpty() ? "" : problems.size() == 1 ? "1 problem" : problems.size() + " problems");
        problemCount.getElement().getThemeList().set("badge error", !problems.isEmpty());
        problemCount.setVisible(!problems.isEmpty());
        publish.setEnabled(problems.isEmpty() && !conflicted);
        publish.setTooltipText(conflicted ? "Reload the draft first: someone else changed it"
                : problems.isEmpty() ? "Publish the draft as version " + (workflow.getLatestVersion() == null ? 1 : workflow.getLatestVersion() + 1)
                : "Fix the " + (problems.size() == 1 ? "problem" : problems.size() + " problems") + " first: " + problems.get(0).message());
    }

    private void showSide() {
        side.removeAll();
        stepPanel = null;
        if (model == null || workflow == null) {
            return;
        }
        if (diff != null) {
            side.add(new H3("What changed"));
            if (diff.isEmpty()) {
                side.add(new Paragraph("Nothing but positions."));
            }
            diff.added().forEach(id -> side.add(new Paragraph("Added: " + id)));
            diff.removed().forEach(id -> side.add(new Paragraph("Removed: " + id)));
            diff.changed().forEach((id, how) -> {
                var list = new UnorderedList();
                how.forEach(h -> list.add(new ListItem(h)));
                side.add(new Span("Changed: " + id), list);
            });
            return;
        }
        Node node = selection.size() == 1 ? model.node(selection.get(0)) : null;
        if (node != null) {
            var type = node.type() == null ? null : catalog.find(node.type()).orElse(null);
            stepPanel = new StepPanel(node, type, model.violationsOf(node.id()), readOnly || viewing != null, WorkflowsView.may(Role.ADMIN),
                    connections, json, new StepPanel.Host() {
                @Override
                public void edit(String nodeId, UnaryOperator<Node> change) {
                    panelEdit(nodeId, change);
                }

                @Override
                public void delete(String nodeId) {
                    editing(m -> m.delete(List.of(nodeId), List.of()));
                }

                @Override
                public ParamField.@Nullable TemplateAssist assist(String nodeId) {
                    return readOnly || viewing != null ? null : assistFor(nodeId);
                }

                @Override
                public boolean mayTest() {
                    return viewing == null && WorkflowsView.may(Role.OPERATOR);
                }

                @Override
                public void test(String nodeId) {
                    testStep(nodeId);
                }

                @Override
                public StepTests.@Nullable Result lastTest(String nodeId) {
                    return testData.result(nodeId);
                }

                @Override
                public @Nullable String businessKey() {
                    return model.definition().businessKey();
                }

                @Override
                public void businessKey(@Nullable String template) {
                    // like a step's field: the form stays, so the field keeps its focus
                    if (model != null && !readOnly && model.businessKey(template).changed()) {
                        scheduleSave();
                        updateToolbar();
                    }
                }

                @Override
                public @Nullable Component triggerPanel(Node trigger) {
                    if (viewing != null) {
                        return null;
                    }
                    var live = triggers.panel(workflow.getId(), trigger, workflow.getLatestVersion() != null, false, !readOnly);
                    if (readOnly || !"trigger.webhook".equals(trigger.type())) {
                        return live;
                    }
                    var box = new VerticalLayout(live, sampleCapture(trigger));
                    box.setPadding(false);
                    box.setSpacing(false);
                    return box;
                }
            });
            side.add(stepPanel);
            return;
        }
        if (selection.size() > 1) {
            side.add(new H3(selection.size() + " steps selected"));
            if (!readOnly && viewing == null) {
                var delete = new Button("Delete them", VaadinIcon.TRASH.create(), e -> editing(m -> m.delete(selection, List.of())));
                delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
                side.add(new Paragraph("Ctrl+C copies them, Ctrl+V pastes a copy."), delete);
            }
            return;
        }
        workflowPanel();
    }

    private void workflowPanel() {
        side.add(new H3(viewing == null ? "Workflow" : "Version " + viewing));
        if (model.definition().nodesOrEmpty().isEmpty() && !readOnly) {
            var start = new Paragraph("Start with a trigger: drag “Webhook”, “Schedule” or “Manual or API” from the left onto the "
                    + "canvas. Then add steps and connect them by dragging from a step's right edge to the next one.");
            start.setId("builder-empty-hint");
            side.add(start);
        }
        var description = new TextArea("Description");
        description.setWidthFull();
        description.setValue(model.definition().description() == null ? "" : model.definition().description());
        description.setReadOnly(readOnly || viewing != null);
        description.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        description.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                editing(m -> m.rename(m.definition().name() == null ? workflow.getName() : m.definition().name(),
                        e.getValue().isBlank() ? null : e.getValue().strip()));
            }
        });
        side.add(description, new CopyField("Workflow id", workflow.getId().toString()));
        List<String> general = viewing == null ? model.generalProblems() : List.of();
        if (!general.isEmpty()) {
            var list = new UnorderedList();
            list.addClassName("fm-problems");
            list.setId("workflow-problems");
            general.forEach(p -> list.add(new ListItem(p)));
            side.add(new Span("Before publishing:"), list);
        }
        long invalidSteps = model.definition().nodesOrEmpty().stream().filter(n -> n.id() != null && !model.problemsOf(n.id()).isEmpty()).count();
        if (invalidSteps > 0 && viewing == null) {
            side.add(new Paragraph(invalidSteps + (invalidSteps == 1 ? " step needs" : " steps need")
                    + " attention (outlined in red): select it to see what is missing."));
        }
        Optional<Node> trigger = model.definition().trigger();
        if (trigger.isPresent() && viewing == null) {
            side.add(triggers.panel(workflow.getId(), trigger.get(), workflow.getLatestVersion() != null, workflow.isPaused(), !readOnly));
        }
        var keys = new Paragraph("Keys: Delete removes the selection; Ctrl+Z / Ctrl+Shift+Z undo and redo; Ctrl+C / Ctrl+V copy and "
                + "paste; Shift+drag selects several; Tab moves between steps.");
        keys.addClassName("fm-muted");
        side.add(keys);
    }

    // --- sample data and tests ------------------------------------------------------------------------------

    /** The steps that run before {@code nodeId}, nearest first: what its templates may refer to. */
    private List<String> upstream(String nodeId) {
        var graph = new io.flowmeter.workflow.domain.Graph(model.definition());
        if (!graph.nodesOnCycles().isEmpty()) {
            return List.of();
        }
        return graph.ancestors(nodeId).stream().filter(id -> model.node(id) != null && !model.node(id).isTrigger()).toList();
    }

    private ParamField.TemplateAssist assistFor(String nodeId) {
        return new ParamField.TemplateAssist() {
            @Override
            public List<String> paths() {
                refreshSample();
                List<String> upstream = upstream(nodeId);
                Map<String, List<String>> declared = new java.util.HashMap<>();
                upstream.forEach(id -> stepType(id).ifPresent(t -> declared.put(id,
                        t.action().outputs().stream().map(io.flowmeter.connector.spi.OutputField::path).toList())));
                return testData.paths(upstream, declared);
            }

            @Override
            public String preview(String template) {
                refreshSample();
                List<String> upstream = upstream(nodeId);
                Map<String, Object> samples = new java.util.HashMap<>();
                upstream.forEach(id -> stepType(id).filter(t -> t.action().sample() != null)
                        .ifPresent(t -> samples.put(id, t.action().sample())));
                return templates.render(template, testData.model(java.util.Set.copyOf(upstream), samples));
            }
        };
    }

    private Optional<StepCatalog.StepType> stepType(String nodeId) {
        Node node = model.node(nodeId);
        return node == null || node.type() == null ? Optional.empty() : catalog.find(node.type());
    }

    /** The trigger's sample input (its {@code sampleInput} parameter) is the sample run input. */
    private void refreshSample() {
        testData.trigger(model.definition().trigger().map(t -> t.paramsOrEmpty().get("sampleInput")).orElse(null));
        testData.forget(model.definition().nodesOrEmpty().stream().map(Node::id).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toSet()));
    }

    /**
     * "Listen for a test request": the next request to the test address becomes the trigger's sample input (pushed
     * here when it arrives), so the steps are tested with what the sender really sends.
     */
    private Component sampleCapture(Node trigger) {
        String nodeId = trigger.id() == null ? "" : trigger.id();
        var address = new CopyField("Test address", samples.testAddress(workflow.getId()));
        address.setId("webhook-test-address");
        address.setHelperText("Send one request here while listening: it becomes the sample input, no run starts");
        var listen = new Button("Listen for a test request", VaadinIcon.SIGNAL.create());
        listen.addThemeVariants(ButtonVariant.LUMO_SMALL);
        listen.setId("webhook-listen");
        listen.addClickListener(e -> {
            var ui = e.getSource().getUI().orElseThrow();
            closeListener();
            // the capture arrives on the test request's thread, which is nobody's session: the work below runs as the
            // person who pressed Listen, in their organization
            var asListener = io.flowmeter.identity.security.AsSignedIn.now();
            sampleListener = samples.listen(workflow.getId(), java.time.Duration.ofMinutes(2), input -> ui.access(() -> asListener.wrap(() -> {
                panelEdit(nodeId, n -> StepPanel.withParam(n, "sampleInput", input));
                testData.recorded(nodeId, new StepTests.Result(true, null, input, null, "", 0, "Captured from a test request"));
                testStates.put(nodeId, "succeeded");
                Feedback.success("Captured a test request: it is the sample input now");
                render();
            }).run()));
            listen.setText("Listening for 2 minutes…");
            listen.setEnabled(false);
        });
        var box = new VerticalLayout(address, listen);
        box.setPadding(false);
        box.setSpacing(false);
        return box;
    }

    private void closeListener() {
        io.flowmeter.identity.security.AsSignedIn.close(sampleListener);
        sampleListener = null;
    }

    private void testStep(String nodeId) {
        Node node = model.node(nodeId);
        if (node == null) {
            return;
        }
        refreshSample();
        Map<String, Object> data = testData.model(java.util.Set.copyOf(upstream(nodeId)));
        testStates.put(nodeId, "running");
        canvas.show(withTestStates(model.graph(readOnly)));
        // a call may take up to 30 s: off the session's lock, so the page stays usable; the result is pushed
        inBackground("flowmeter-test-step", () -> stepTests.test(node, data), result -> {
            testData.recorded(nodeId, result);
            testStates.put(nodeId, result.succeeded() ? "succeeded" : "failed");
            if (result.succeeded()) {
                Feedback.success(DraftModel.label(node) + (node.isTrigger() ? ": sample input ready" : " succeeded in " + result.millis() + " ms"));
            } else {
                Feedback.error(DraftModel.label(node) + " failed: " + result.error());
            }
            render();
        });
    }

    /**
     * Runs {@code work} on a thread of its own as the signed-in person, in their organization, and hands its result
     * to {@code then} in the UI (through push).
     */
    private <T> void inBackground(String name, java.util.function.Supplier<T> work, java.util.function.Consumer<T> then) {
        var ui = getUI().orElseThrow();
        UUID tenant = io.flowmeter.tenancy.TenantContext.requireTenant();
        Runnable task = () -> {
            try (var scope = io.flowmeter.tenancy.TenantContext.bind(tenant)) {
                T result = work.get();
                ui.access(() -> then.accept(result));
            } catch (RuntimeException e) {
                ui.access(() -> {
                    Feedback.error("The test stopped: " + e.getMessage());
                    testRun.setEnabled(true);
                    testRun.setText("Test workflow");
                    testStates.replaceAll((id, state) -> state.equals("running") ? "failed" : state);
                    render();
                });
            }
        };
        var thread = new Thread(new org.springframework.security.concurrent.DelegatingSecurityContextRunnable(task), name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs the whole draft as a test on a thread of its own, lighting the canvas up step by step through push; the
     * person's sign-in and organization go with it (a test calls services as them).
     */
    private void testWorkflow() {
        if (model == null || !save()) {
            return;
        }
        if (model.definition().trigger().isEmpty()) {
            Feedback.error("Add a trigger first: a test starts where a run would");
            return;
        }
        refreshSample();
        var ui = getUI().orElseThrow();
        var test = new WorkflowTestRun(model.definition(), stepTests, templates, testData);
        testRun.setEnabled(false);
        testRun.setText("Testing…");
        testStates.clear();
        render();
        inBackground("flowmeter-test-run", () -> test.run((progress, states) -> ui.access(() -> {
            testStates.putAll(states);
            canvas.show(withTestStates(model.graph(readOnly)));
        })), finalStates -> {
            testRun.setEnabled(true);
            testRun.setText("Test workflow");
            long failed = finalStates.values().stream().filter("failed"::equals).count();
            long succeeded = finalStates.values().stream().filter("succeeded"::equals).count();
            String summary = "Test finished: " + succeeded + " succeeded, " + failed + " failed, "
                    + finalStates.values().stream().filter("skipped"::equals).count() + " skipped";
            if (failed > 0) {
                Feedback.error(summary + ". Select a red step to see why.");
            } else {
                Feedback.success(summary);
            }
            render();
        });
    }

    // --- dialogs -----------------------------------------------------------------------------------------------

    private void openPublish() {
        if (!save()) {
            return;
        }
        int next = workflow.getLatestVersion() == null ? 1 : workflow.getLatestVersion() + 1;
        new PublishDialog(workflow.getName(), next, "", note -> {
            try {
                var version = workflows.publish(workflow.getId(), note, savedRevision);
                workflow = workflows.get(workflow.getId());
                Feedback.success("Published version " + version.getNumber()
                        + (next == 1 ? ": its trigger is on" : ": new runs use it"));
                render();
            } catch (DraftConflictException e) {
                conflicted = true;
                saveState.setText("Not published: changed by " + e.who());
                new DraftConflictDialog(e.getMessage(), this::reload).open();
                updateToolbar();
            } catch (ValidationFailedException e) {
                Feedback.error(e.getMessage());
                render();
            } catch (RuntimeException e) {
                Feedback.error(e.getMessage());
            }
        }).open();
    }

    private void openVersions() {
        save();
        var versions = workflows.versions(workflow.getId());
        Map<UUID, String> authors = people.displayNames(versions.stream().map(WorkflowVersion::getPublishedBy)
                .filter(java.util.Objects::nonNull).distinct().toList());
        String base = "workflows/" + workflow.getId();
        new VersionsDialog(versions, authors, WorkflowsView.may(Role.BUILDER),
                number -> getUI().ifPresent(ui -> ui.navigate(base, QueryParameters.of("version", String.valueOf(number)))),
                (a, b) -> getUI().ifPresent(ui -> ui.navigate(base, QueryParameters.simple(Map.of("compare", String.valueOf(a), "to", String.valueOf(b))))),
                this::restore).open();
    }

    private void confirmRestore(int number) {
        Feedback.confirmDestructive("Restore version " + number + " as the draft?", "The draft is replaced by version " + number
                + ". Published versions stay as they are; publish the restored draft to roll back.", "Restore", () -> restore(number), () -> {
        });
    }

    private void restore(int number) {
        var restored = workflows.restore(workflow.getId(), number);
        Feedback.success("The draft is now version " + number + "; publish it to roll back");
        getUI().ifPresent(ui -> ui.navigate("workflows/" + restored.getId()));
        readOnly = !WorkflowsView.may(Role.BUILDER);
        viewing = null;
        diff = null;
        load(restored);
    }

    private void openRunDialog() {
        if (workflow == null || workflow.getLatestVersion() == null) {
            return;
        }
        var trigger = workflows.definitionOf(workflows.latestVersion(workflow.getId())).trigger().orElse(null);
        new RunWorkflowDialog(workflow.getId(), workflow.getName(), trigger, runs, json, () -> {
        }).open();
    }

    /** For tests: the draft model behind the canvas. */
    @Nullable DraftModel model() {
        return model;
    }

    FlowCanvas canvas() {
        return canvas;
    }

    StepPalette palette() {
        return palette;
    }
}
