package io.flowmeter.engine.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flowmeter.engine.domain.RunStatus;
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
 * Every run of the organization, newest first, filtered by status (or parked) and workflow, paged by keyset ("Show
 * more"). Runs started while the list is open are announced by an "N new runs" chip rather than a jumping grid.
 */
@Route("runs")
@PageTitle("Runs")
@Menu(order = 12, icon = "vaadin:flash", title = "Runs")
@RolesAllowed(Role.Names.VIEWER)
public class RunsView extends VerticalLayout implements BeforeEnterObserver {

    static final int PAGE = 50;
    private static final String PARKED = "PARKED";

    private final RunService runs;
    private final WorkflowService workflows;
    private final RunEventsToScreens events;
    private final Grid<RunRow> grid = new Grid<>();
    private final Select<String> status = new Select<>();
    private final ComboBox<Workflow> workflow = new ComboBox<>();
    private final Button more = new Button("Show more");
    private final Button fresh = new Button();
    private final Div empty = new Div();
    private final List<RunRow> shown = new ArrayList<>();
    private final Map<UUID, String> names = new HashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private @Nullable String cursor;
    private @Nullable AutoCloseable watching;

    RunsView(RunService runs, WorkflowService workflows, RunEventsToScreens events) {
        this.runs = runs;
        this.workflows = workflows;
        this.events = events;
        setSizeFull();

        status.setItems("ALL", "RUNNING", "PAUSED", "SUCCEEDED", "FAILED", "CANCELLED", PARKED);
        status.setValue("ALL");
        status.setItemLabelGenerator(s -> switch (s) {
            case "ALL" -> "All statuses";
            case PARKED -> "Parked (failed, waiting for a retry by hand)";
            default -> s.charAt(0) + s.substring(1).toLowerCase(Locale.ROOT);
        });
        status.setAriaLabel("Status");
        status.setId("runs-status");
        status.addValueChangeListener(e -> reload());
        workflow.setPlaceholder("All workflows");
        workflow.setAriaLabel("Workflow");
        workflow.setClearButtonVisible(true);
        workflow.setItemLabelGenerator(Workflow::getName);
        workflow.setId("runs-workflow");
        workflow.addValueChangeListener(e -> reload());
        fresh.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
        fresh.setVisible(false);
        fresh.setId("runs-new");
        fresh.addClickListener(e -> reload());
        var toolbar = new HorizontalLayout(status, workflow, fresh);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.addComponentColumn(RunsView::badge).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> names.getOrDefault(r.workflowId(), "—")).setHeader("Workflow").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(r -> "v" + r.versionNumber()).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(RunRow::triggerKind).setHeader("Trigger").setAutoWidth(true);
        grid.addColumn(r -> Feedback.dateTime(r.createdAt())).setHeader("Started").setAutoWidth(true);
        grid.addColumn(r -> duration(r.createdAt(), r.finishedAt())).setHeader("Duration").setAutoWidth(true);
        grid.addColumn(r -> r.error() == null ? "" : r.error()).setHeader("Error").setFlexGrow(2)
                .setTooltipGenerator(r -> r.error() == null ? "" : r.error());
        grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate("runs/" + e.getItem().id())));
        grid.setSizeFull();
        grid.setId("runs-grid");
        more.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        more.setId("runs-more");
        more.addClickListener(e -> load(false));

        empty.addClassName("fm-empty-state");
        empty.add(VaadinIcon.FLASH.create(), new H3("No runs here"), new Paragraph("Runs appear when a published workflow "
                + "starts: by its webhook, schedule or polling, over the API, or with Run on the Workflows screen."));
        add(toolbar, empty, grid, more);
        setFlexGrow(1, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var all = workflows.list(PageRequest.of(0, 200)).getContent();
        all.forEach(w -> names.put(w.getId(), w.getName()));
        workflow.setItems(all);
        reload();
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        UI ui = attachEvent.getUI();
        watching = events.watchStarts(io.flowmeter.tenancy.TenantContext.requireTenant(), event -> ui.access(() -> {
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
        cursor = null;
        load(true);
    }

    private void load(boolean first) {
        String chosen = status.getValue();
        RunStatus runStatus = chosen == null || chosen.equals("ALL") || chosen.equals(PARKED) ? null : RunStatus.valueOf(chosen);
        var page = runs.list(workflow.getValue() == null ? null : workflow.getValue().getId(), runStatus, PARKED.equals(chosen),
                first ? null : cursor, PAGE);
        shown.addAll(page.items());
        cursor = page.next();
        grid.setItems(shown);
        more.setVisible(cursor != null);
        empty.setVisible(shown.isEmpty());
        grid.setVisible(!shown.isEmpty());
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
}
