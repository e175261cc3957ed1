package io.flowmeter.engine.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.shared.InvalidInputException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.AsSignedIn;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.service.WorkflowService;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every run of the organization, newest first, filtered by status (with waiting and parked), workflow, trigger,
 * period and business key, paged by keyset ("Show more"). Runs started while the list is open are announced by an "N
 * new runs" chip rather than a jumping grid. Bulk actions (retry failed, cancel) work on the selected rows or, with
 * none selected, on every run the filter matches (up to {@link RunService#MAX_BULK}), after a confirmation that counts them.
 */
@Route("runs")
@PageTitle("Runs")
@Menu(order = 12, icon = "vaadin:flash", title = "Runs")
@RolesAllowed(Role.Names.VIEWER)
public class RunsView extends VerticalLayout implements BeforeEnterObserver {

    static final int PAGE = 50;

    private final RunService runs;
    private final WorkflowService workflows;
    private final RunEventsToScreens events;
    private final Grid<RunRow> grid = new Grid<>();
    private final RunFilterBar filters = new RunFilterBar();
    private final Button more = new Button("Show more");
    private final Button fresh = new Button();
    private final Button retry = new Button("Retry failed", VaadinIcon.REFRESH.create());
    private final Button cancel = new Button("Cancel runs", VaadinIcon.STOP.create());
    private final Span selection = new Span();
    private final Div empty = new Div();
    private final H3 emptyTitle = new H3();
    private final Paragraph emptyText = new Paragraph();
    private final List<RunRow> shown = new ArrayList<>();
    private final Map<UUID, String> names = new HashMap<>();
    private final Map<UUID, RunService.StepCount> counts = new HashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private List<Workflow> allWorkflows = List.of();
    private @Nullable String cursor;
    private @Nullable AutoCloseable watching;

    RunsView(RunService runs, WorkflowService workflows, RunEventsToScreens events) {
        this.runs = runs;
        this.workflows = workflows;
        this.events = events;
        setSizeFull();

        filters.onChange(() -> {
            getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, new Location("runs", filters.write())));
            reload();
        });
        fresh.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
        fresh.setVisible(false);
        fresh.setId("runs-new");
        fresh.addClickListener(e -> reload());

        boolean operator = CurrentUser.get().map(p -> p.has(Role.OPERATOR)).orElse(false);
        retry.setId("runs-bulk-retry");
        cancel.setId("runs-bulk-cancel");
        retry.addThemeVariants(ButtonVariant.LUMO_SMALL);
        cancel.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        retry.addClickListener(e -> confirmBulk(BulkRunActionDialog.Kind.RETRY));
        cancel.addClickListener(e -> confirmBulk(BulkRunActionDialog.Kind.CANCEL));
        retry.setVisible(operator);
        cancel.setVisible(operator);
        selection.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        selection.setId("runs-selection");
        var actions = new HorizontalLayout(fresh, selection, retry, cancel);
        actions.setAlignItems(FlexComponent.Alignment.CENTER);
        actions.setWidthFull();
        actions.setJustifyContentMode(FlexComponent.JustifyContentMode.END);
        actions.expand(selection);
        selection.getStyle().set("text-align", "end");

        if (operator) {
            grid.setSelectionMode(Grid.SelectionMode.MULTI);
            grid.addSelectionListener(e -> updateSelection());
        }
        grid.addComponentColumn(RunsView::badge).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> names.getOrDefault(r.workflowId(), "—")).setHeader("Workflow").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(r -> "v" + r.versionNumber()).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(RunRow::triggerKind).setHeader("Trigger").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.businessKey() == null ? "" : r.businessKey()).setHeader("Business key").setAutoWidth(true)
                .setTooltipGenerator(r -> r.businessKey() == null ? "" : r.businessKey());
        grid.addColumn(r -> Feedback.dateTime(r.createdAt())).setHeader("Started").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> duration(r.createdAt(), r.finishedAt())).setHeader("Duration").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(this::steps).setHeader("Steps").setAutoWidth(true).setFlexGrow(0)
                .setTooltipGenerator(r -> "Steps settled of all steps of the run (the trigger counts as one)");
        grid.addColumn(r -> r.error() == null ? "" : r.error()).setHeader("Error").setFlexGrow(2)
                .setTooltipGenerator(r -> r.error() == null ? "" : r.error());
        grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate("runs/" + e.getItem().id())));
        grid.setSizeFull();
        grid.setId("runs-grid");
        grid.addThemeVariants(com.vaadin.flow.component.grid.GridVariant.LUMO_ROW_STRIPES);
        more.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        more.setId("runs-more");
        more.addClickListener(e -> load(false));

        empty.addClassName("fm-empty-state");
        empty.add(VaadinIcon.FLASH.create(), emptyTitle, emptyText);
        add(filters, actions, empty, grid, more);
        setFlexGrow(1, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        allWorkflows = workflows.list(PageRequest.of(0, 200)).getContent();
        allWorkflows.forEach(w -> names.put(w.getId(), w.getName()));
        filters.setWorkflows(allWorkflows);
        filters.read(event.getLocation().getQueryParameters(), allWorkflows);
        reload();
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        UI ui = attachEvent.getUI();
        watching = events.watchStarts(io.flowmeter.tenancy.TenantContext.requireTenant(), event -> ui.access(() -> {
            if (shown.stream().anyMatch(r -> r.id().equals(event.runId()))) {
                return; // started by an action here and already listed
            }
            int count = started.incrementAndGet();
            fresh.setText(count == 1 ? "1 new run" : count + " new runs");
            fresh.setVisible(true);
        }));
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        AsSignedIn.close(watching);
        watching = null;
        super.onDetach(detachEvent);
    }

    private void reload() {
        started.set(0);
        fresh.setVisible(false);
        shown.clear();
        counts.clear();
        cursor = null;
        grid.deselectAll();
        load(true);
    }

    private void load(boolean first) {
        RunService.RunPage page;
        try {
            page = runs.list(filters.filter(), first ? null : cursor, PAGE);
        } catch (InvalidInputException problem) {
            Feedback.error(problem.getMessage());
            return;
        }
        shown.addAll(page.items());
        counts.putAll(runs.stepCounts(page.items().stream().map(RunRow::id).toList()));
        cursor = page.next();
        grid.setItems(shown);
        more.setVisible(cursor != null);
        boolean none = shown.isEmpty();
        if (none) {
            boolean narrowed = filters.narrowed();
            emptyTitle.setText(narrowed ? "No runs match" : "No runs here");
            emptyText.setText(narrowed ? "Nothing matches these filters. Widen the period or clear a filter."
                    : "Runs appear when a published workflow starts: by its webhook, schedule or polling, over the API, or "
                    + "with Run on the Workflows screen.");
        }
        empty.setVisible(none);
        grid.setVisible(!none);
        updateSelection();
    }

    private void updateSelection() {
        int count = grid.getSelectedItems().size();
        selection.setText(count == 0 ? "With none selected, actions apply to every run the filter matches"
                : count == 1 ? "1 run selected" : count + " runs selected");
        retry.setEnabled(!shown.isEmpty());
        cancel.setEnabled(!shown.isEmpty());
    }

    private void confirmBulk(BulkRunActionDialog.Kind kind) {
        boolean fromFilter = grid.getSelectedItems().isEmpty();
        List<RunRow> chosen = fromFilter ? runs.matching(filters.filter(), RunService.MAX_BULK) : List.copyOf(grid.getSelectedItems());
        List<UUID> applicable = chosen.stream()
                .filter(kind == BulkRunActionDialog.Kind.RETRY ? RunService::retryable : RunService::cancellable)
                .map(RunRow::id).toList();
        if (applicable.isEmpty()) {
            Feedback.notify(kind == BulkRunActionDialog.Kind.RETRY ? "None of these runs failed: nothing to retry"
                    : "None of these runs is still going: nothing to cancel", false);
            return;
        }
        new BulkRunActionDialog(kind, applicable.size(), chosen.size(), fromFilter, () -> {
            try {
                RunService.BulkResult result = kind == BulkRunActionDialog.Kind.RETRY ? runs.retryFailed(applicable)
                        : runs.cancelAll(applicable);
                String did = kind == BulkRunActionDialog.Kind.RETRY ? "Retried " : "Cancelled ";
                Feedback.success(did + (result.done() == 1 ? "1 run" : result.done() + " runs")
                        + (result.skipped() == 0 ? "" : "; " + result.skipped() + " had changed meanwhile and were left as they are"));
            } catch (RuntimeException problem) {
                Feedback.error(problem.getMessage() == null ? "The action failed" : problem.getMessage());
            }
            reload();
        }).open();
    }

    private String steps(RunRow run) {
        RunService.StepCount count = counts.get(run.id());
        return count == null ? "" : count.done() + " / " + count.total();
    }

    private static Span badge(RunRow run) {
        var badge = new Span(run.parked() ? "parked" : run.status().name().toLowerCase(Locale.ROOT));
        badge.getElement().getThemeList().add(switch (run.status()) {
            case SUCCEEDED -> "badge success";
            case FAILED -> "badge error";
            case CANCELLED -> "badge contrast";
            default -> "badge";
        });
        return badge;
    }

    static String duration(Instant from, @Nullable Instant to) {
        return to == null ? "running" : RunView.duration(Duration.between(from, to));
    }

    List<RunRow> shown() {
        return List.copyOf(shown);
    }

    RunFilterBar filters() {
        return filters;
    }

    Grid<RunRow> grid() {
        return grid;
    }
}
