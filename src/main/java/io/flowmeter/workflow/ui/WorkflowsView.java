package io.flowmeter.workflow.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.DataProvider;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.server.StreamResource;
import io.flowmeter.identity.People;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.shared.ui.CopyField;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.workflow.WorkflowRuns;
import io.flowmeter.workflow.WorkflowTriggers;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import io.flowmeter.workflow.service.WorkflowService.ListFilter;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The organization's workflows: search, filter by status, sort and page; per workflow its trigger, status, last
 * run, runs and success rate of the last seven days, owner and last change; open it in the builder, run, duplicate,
 * pause or resume, export its JSON, delete it. Selecting one shows how it starts and its latest runs.
 */
@Route("workflows")
@PageTitle("Workflows")
@Menu(order = 10, icon = "vaadin:connect", title = "Workflows")
@RolesAllowed(Role.Names.VIEWER)
public class WorkflowsView extends VerticalLayout implements BeforeEnterObserver {

    private final WorkflowService workflows;
    private final WorkflowRuns runs;
    private final WorkflowTriggers triggers;
    private final People people;
    private final ObjectMapper json;
    private final Grid<Workflow> grid = new Grid<>();
    private final VerticalLayout details = new VerticalLayout();
    private final Div empty = new Div();
    private final TextField search = new TextField();
    private final Select<ListFilter> filter = new Select<>();
    /** Run summaries and owner names of the rows on screen, fetched once per page the grid asks for. */
    private final Map<UUID, WorkflowRuns.Summary> summaries = new HashMap<>();
    private final Map<UUID, String> owners = new HashMap<>();

    private final io.flowmeter.workflow.service.WorkflowImports imports;
    private final io.flowmeter.workflow.gallery.WorkflowTemplates templates;
    private final io.flowmeter.workflow.gallery.AiDrafts drafts;
    private final io.flowmeter.connection.ConnectionChoices connectionChoices;

    WorkflowsView(WorkflowService workflows, WorkflowRuns runs, WorkflowTriggers triggers, People people, ObjectMapper json,
                  io.flowmeter.workflow.service.WorkflowImports imports, io.flowmeter.workflow.gallery.WorkflowTemplates templates,
                  io.flowmeter.workflow.gallery.AiDrafts drafts, io.flowmeter.connection.ConnectionChoices connectionChoices) {
        this.drafts = drafts;
        this.connectionChoices = connectionChoices;
        this.imports = imports;
        this.templates = templates;
        this.workflows = workflows;
        this.runs = runs;
        this.triggers = triggers;
        this.people = people;
        this.json = json;
        setSizeFull();

        search.setPlaceholder("Search by name");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setAriaLabel("Search workflows");
        search.setId("workflow-search");
        search.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        filter.setItems(ListFilter.values());
        filter.setValue(ListFilter.ALL);
        filter.setItemLabelGenerator(f -> switch (f) {
            case ALL -> "All statuses";
            case DRAFT -> "Drafts";
            case PUBLISHED -> "Published";
            case PAUSED -> "Paused";
        });
        filter.setAriaLabel("Status");
        filter.setId("workflow-filter");
        filter.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        var create = new Button("New workflow", VaadinIcon.PLUS.create(), e -> newWorkflow());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setId("workflow-new");
        create.setVisible(may(Role.BUILDER));
        var importButton = new Button("Import…", VaadinIcon.UPLOAD.create(), e -> new ImportWorkflowDialog(imports, json, this::openBuilder).open());
        importButton.setId("workflow-import");
        importButton.setTooltipText("A Flowmeter or n8n workflow file");
        importButton.setVisible(may(Role.BUILDER));
        var toolbar = new HorizontalLayout(search, filter, importButton, create);
        toolbar.setWidthFull();
        toolbar.expand(search);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.addComponentColumn(this::nameLink).setHeader("Name").setKey("name").setSortable(true).setFlexGrow(2).setAutoWidth(true);
        grid.addColumn(w -> triggerLabel(trigger(w))).setHeader("Trigger").setAutoWidth(true);
        grid.addComponentColumn(WorkflowsView::statusBadge).setHeader("Status").setAutoWidth(true);
        grid.addColumn(w -> lastRun(summary(w))).setHeader("Last run").setAutoWidth(true);
        grid.addColumn(w -> summary(w).lastSevenDays()).setHeader("Runs (7 days)").setAutoWidth(true);
        grid.addColumn(w -> summary(w).successRate() == null ? "—" : Math.round(summary(w).successRate() * 100) + " %")
                .setHeader("Success").setAutoWidth(true);
        grid.addColumn(w -> owners.getOrDefault(w.getId(), "—")).setHeader("Owner").setAutoWidth(true);
        // the date fits beside the details panel; the exact time is in the tooltip
        grid.addColumn(w -> Feedback.date(w.getUpdatedAt())).setHeader("Changed").setKey("updatedAt").setSortable(true)
                .setAutoWidth(true).setTooltipGenerator(w -> Feedback.dateTime(w.getUpdatedAt()));
        grid.setItems(DataProvider.fromCallbacks(query -> {
            Sort sort = query.getSortOrders().isEmpty() ? Sort.by(Sort.Direction.DESC, "updatedAt")
                    : Sort.by(query.getSortOrders().stream().map(o -> new Sort.Order(
                    o.getDirection() == SortDirection.ASCENDING ? Sort.Direction.ASC : Sort.Direction.DESC, o.getSorted())).toList());
            var page = workflows.search(search.getValue(), filter.getValue(), PageRequest.of(query.getPage(), query.getPageSize(), sort));
            remember(page.getContent());
            return page.stream();
        }, query -> (int) Math.min(Integer.MAX_VALUE, workflows.search(search.getValue(), filter.getValue(), PageRequest.of(0, 1)).getTotalElements())));
        grid.setMultiSort(false);
        grid.asSingleSelect().addValueChangeListener(e -> showDetails(e.getValue()));
        grid.setSizeFull();
        grid.setId("workflow-grid");

        empty.addClassName("fm-empty-state");
        var first = new Button("Create your first workflow", VaadinIcon.PLUS.create(), e -> createAndOpen());
        first.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        first.setVisible(may(Role.BUILDER));
        var importFirst = new Button("Import from a file", VaadinIcon.UPLOAD.create(), e -> new ImportWorkflowDialog(imports, json, this::openBuilder).open());
        importFirst.setId("workflow-import-first");
        importFirst.setVisible(may(Role.BUILDER));
        var fromTemplate = new Button("Start from a template", VaadinIcon.GRID_BIG_O.create(), e -> newWorkflow());
        fromTemplate.setId("workflow-template-first");
        fromTemplate.setVisible(may(Role.BUILDER));
        var firstActions = new HorizontalLayout(first, fromTemplate, importFirst);
        firstActions.setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        empty.add(VaadinIcon.CONNECT.create(), new H3("No workflows yet"), new Paragraph("A workflow is a chain of steps that runs "
                + "when something happens: a webhook arrives, a schedule fires, a new item appears, or you press Run. Draw one on "
                + "the canvas: pick a trigger, add steps, connect them, test and publish. Coming from n8n? Import its workflow files."),
                firstActions);

        details.setWidth("26rem");
        details.setVisible(false);
        details.setId("workflow-details");
        var body = new HorizontalLayout(grid, details);
        body.setSizeFull();
        body.setFlexGrow(1, grid);
        add(empty, toolbar, body);
        setFlexGrow(1, body);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        boolean none = workflows.list(PageRequest.of(0, 1)).isEmpty();
        empty.setVisible(none);
        grid.getParent().ifPresent(p -> p.setVisible(!none));
        search.getParent().ifPresent(p -> p.setVisible(!none));
        grid.getDataProvider().refreshAll();
    }

    private void remember(List<Workflow> page) {
        summaries.putAll(runs.summaries(page.stream().map(Workflow::getId).toList()));
        var names = people.displayNames(page.stream().map(Workflow::getCreatedBy).filter(java.util.Objects::nonNull).distinct().toList());
        page.forEach(w -> {
            if (w.getCreatedBy() != null && names.containsKey(w.getCreatedBy())) {
                owners.put(w.getId(), names.get(w.getCreatedBy()));
            }
        });
    }

    private WorkflowRuns.Summary summary(Workflow workflow) {
        return summaries.getOrDefault(workflow.getId(), WorkflowRuns.Summary.NONE);
    }

    private static String lastRun(WorkflowRuns.Summary summary) {
        return summary.lastRunAt() == null ? "Never" : summary.lastStatus().toLowerCase(java.util.Locale.ROOT) + " · "
                + Feedback.dateTime(summary.lastRunAt());
    }

    private Component nameLink(Workflow workflow) {
        var link = new Anchor("workflows/" + workflow.getId(), workflow.getName());
        link.getElement().setAttribute("router-link", true);
        return link;
    }

    private static Component statusBadge(Workflow workflow) {
        var badge = new Span(workflow.getLatestVersion() == null ? "Draft" : workflow.isPaused() ? "Paused" : "Published v" + workflow.getLatestVersion());
        badge.getElement().getThemeList().add(workflow.getLatestVersion() == null ? "badge contrast" : workflow.isPaused() ? "badge" : "badge success");
        return badge;
    }

    private void newWorkflow() {
        new NewWorkflowDialog(templates, drafts, connectionChoices, this::createAndOpen, () -> new ImportWorkflowDialog(imports, json, this::openBuilder).open(), this::openBuilder)
                .open();
    }

    private void openBuilder(UUID id) {
        getUI().ifPresent(ui -> ui.navigate(WorkflowBuilderView.class, new RouteParameters("id", id.toString())));
    }

    private void createAndOpen() {
        try {
            var workflow = workflows.createDraft("Untitled workflow");
            getUI().ifPresent(ui -> ui.navigate(WorkflowBuilderView.class, new RouteParameters("id", workflow.getId().toString())));
        } catch (RuntimeException problem) {
            Feedback.error(problem.getMessage());
        }
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

    static String triggerLabel(WorkflowDefinition.@Nullable Node trigger) {
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
        var open = new Button(may(Role.BUILDER) ? "Edit" : "Open", VaadinIcon.EDIT.create(), e -> getUI().ifPresent(ui ->
                ui.navigate(WorkflowBuilderView.class, new RouteParameters("id", workflow.getId().toString()))));
        open.addThemeVariants(ButtonVariant.LUMO_SMALL);
        open.setId("workflow-open");
        var run = new Button("Run", VaadinIcon.PLAY.create(), e -> new RunWorkflowDialog(workflow.getId(), workflow.getName(),
                trigger(workflow), runs, json, () -> showDetails(workflow)).open());
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        run.setId("workflow-run");
        run.setEnabled(workflow.getLatestVersion() != null && may(Role.OPERATOR));
        var pause = new Button(workflow.isPaused() ? "Resume" : "Pause", e -> {
            try {
                workflows.setPaused(workflow.getId(), !workflow.isPaused());
                Feedback.success(workflow.getName() + (workflow.isPaused() ? " resumed" : " paused: its triggers start nothing"));
                refreshAndSelect(workflow.getId());
            } catch (RuntimeException problem) {
                Feedback.error(problem.getMessage());
            }
        });
        pause.addThemeVariants(ButtonVariant.LUMO_SMALL);
        pause.setId("workflow-pause");
        pause.setEnabled(may(Role.BUILDER) && workflow.getLatestVersion() != null);
        details.add(new HorizontalLayout(open, run, pause), moreActions(workflow));
        details.add(new CopyField("Workflow id", workflow.getId().toString()));
        var trigger = trigger(workflow);
        if (trigger != null) {
            details.add(triggers.panel(workflow.getId(), trigger, workflow.getLatestVersion() != null, workflow.isPaused(), may(Role.BUILDER)));
        }
        if (workflow.getLatestVersion() == null) {
            details.add(muted("A draft: open it, finish it and press Publish to switch its trigger on."));
        }
        details.add(new H4("Latest runs"));
        var latest = runs.recent(workflow.getId(), 10);
        if (latest.isEmpty()) {
            details.add(muted("No runs yet."));
        } else {
            var list = new UnorderedList();
            for (WorkflowRuns.RecentRun row : latest) {
                // each run opens in the run view (the engine's screen, at runs/{id})
                var link = new Anchor("runs/" + row.id(), Feedback.dateTime(row.startedAt()) + " · " + row.status().toLowerCase(java.util.Locale.ROOT)
                        + " · " + row.triggerKind() + (row.error() == null ? "" : " · " + row.error()));
                link.getElement().setAttribute("router-link", true);
                list.add(new ListItem(link));
            }
            list.setId("workflow-runs");
            details.add(list);
            var all = new Anchor("runs?workflow=" + workflow.getId(), "All runs of this workflow");
            all.setId("workflow-all-runs");
            details.add(all);
        }
    }

    private Component moreActions(Workflow workflow) {
        var duplicate = new Button("Duplicate", VaadinIcon.COPY_O.create(), e -> {
            try {
                var copy = workflows.duplicate(workflow.getId());
                Feedback.success("Created " + copy.getName());
                refreshAndSelect(copy.getId());
            } catch (RuntimeException problem) {
                Feedback.error(problem.getMessage());
            }
        });
        duplicate.setVisible(may(Role.BUILDER));
        var export = new Anchor(new StreamResource(fileName(workflow), () -> new java.io.ByteArrayInputStream(exportJson(workflow))), "");
        export.getElement().setAttribute("download", true);
        var exportButton = new Button("Export JSON", VaadinIcon.DOWNLOAD.create());
        exportButton.setTabIndex(-1);
        export.add(exportButton);
        export.setId("workflow-export");
        var delete = new Button("Delete", VaadinIcon.TRASH.create(), e -> Feedback.confirmDestructive("Delete " + workflow.getName() + "?",
                "This deletes the draft, " + (workflow.getLatestVersion() == null ? "" : "all " + workflow.getLatestVersion()
                        + " published versions, ") + "every run with its step outputs, and its webhook address, schedule or polling. "
                        + "It cannot be undone; export the JSON first to keep a copy.", "Delete",
                () -> workflows.delete(workflow.getId()), () -> {
                    Feedback.success("Deleted " + workflow.getName());
                    grid.deselectAll();
                    beforeEnter(null);
                }));
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.setVisible(may(Role.BUILDER));
        delete.setId("workflow-delete");
        for (Button b : List.of(duplicate, exportButton, delete)) {
            b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        }
        var row = new HorizontalLayout(duplicate, export, delete);
        row.setSpacing(false);
        return row;
    }

    private byte[] exportJson(Workflow workflow) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(workflows.definitionOf(workflows.get(workflow.getId())))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String fileName(Workflow workflow) {
        String base = workflow.getName().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return (base.isEmpty() ? "workflow" : base) + ".json";
    }

    private void refreshAndSelect(UUID id) {
        grid.getDataProvider().refreshAll();
        grid.select(workflows.get(id));
    }

    private static Paragraph muted(String text) {
        var p = new Paragraph(text);
        p.addClassName("fm-muted");
        return p;
    }

    static boolean may(Role role) {
        return io.flowmeter.identity.security.CurrentUser.get().map(p -> p.has(role)).orElse(false);
    }
}
