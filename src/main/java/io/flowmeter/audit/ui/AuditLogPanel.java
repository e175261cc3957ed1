package io.flowmeter.audit.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import io.flowmeter.audit.AuditEntry;
import io.flowmeter.audit.AuditFilter;
import io.flowmeter.audit.AuditLog;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.ui.Feedback;
import org.jspecify.annotations.Nullable;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * An audit log on screen: filters, the newest entries first a page at a time ("Show more"), an entry's details on
 * a click or its Details button, and the matching entries as CSV. The organization's log, or with {@code platform} the platform's.
 */
class AuditLogPanel extends VerticalLayout {

    static final int PAGE = 50;
    /** The most rows one CSV download holds; narrow the filter for older entries. */
    static final int MAX_EXPORT = 50_000;

    private final AuditLog log;
    private final boolean platform;
    private final AuditFilterBar filters;
    private final Grid<AuditEntry> grid = new Grid<>();
    private final Button more = new Button("Show more");
    private final List<AuditEntry> shown = new ArrayList<>();
    private @Nullable String next;

    AuditLogPanel(AuditLog log, boolean platform) {
        this.log = log;
        this.platform = platform;
        this.filters = new AuditFilterBar(platform);
        setPadding(false);
        setSizeFull();

        var export = new Anchor(DownloadHandler.fromInputStream(event -> {
            var out = new StringWriter();
            AuditFilter filter = filters.filter();
            if (platform) {
                log.exportPlatformCsv(filter, out, MAX_EXPORT);
            } else {
                log.exportCsv(filter, out, MAX_EXPORT);
            }
            byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(bytes), fileName(), "text/csv", bytes.length);
        }), "Download CSV");
        export.getElement().setAttribute("download", fileName());
        export.setId("audit-export");
        export.getStyle().set("white-space", "nowrap");
        var bar = new HorizontalLayout(filters, export);
        bar.setWidthFull();
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        bar.setFlexGrow(1, filters);

        grid.setId("audit-grid");
        grid.addColumn(e -> Feedback.dateTime(e.at())).setHeader("When").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> e.actorName() + (e.actorKind() == io.flowmeter.shared.audit.AuditActor.Kind.USER ? "" : " (" + AuditEntryDialog.actorKind(e) + ")"))
                .setHeader("Who").setAutoWidth(true);
        grid.addColumn(AuditEntryDialog::label).setHeader("What").setAutoWidth(true);
        grid.addColumn(e -> e.objectName() != null ? e.objectName() : e.objectId() != null ? e.objectId() : "").setHeader("Object").setFlexGrow(1);
        grid.addColumn(e -> e.ip() == null ? "" : e.ip()).setHeader("From").setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        // a click on a row opens it; so does its Details button, for the keyboard
        grid.addComponentColumn(entry -> {
            var details = new Button("Details", e -> new AuditEntryDialog(entry).open());
            details.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
            details.setAriaLabel("Details of " + AuditEntryDialog.label(entry) + " at " + Feedback.dateTime(entry.at()));
            return details;
        }).setAutoWidth(true).setFlexGrow(0);
        grid.addItemClickListener(e -> new AuditEntryDialog(e.getItem()).open());
        grid.setSizeFull();

        more.setId("audit-more");
        more.setIcon(VaadinIcon.ANGLE_DOWN.create());
        more.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        more.addClickListener(e -> load(false));

        filters.onChange(() -> load(true));
        add(bar, grid, more);
        setFlexGrow(1, grid);
        load(true);
    }

    private void load(boolean fresh) {
        if (fresh) {
            shown.clear();
            next = null;
        }
        try {
            AuditLog.Page page = platform ? log.searchPlatform(filters.filter(), next, PAGE) : log.search(filters.filter(), next, PAGE);
            shown.addAll(page.items());
            next = page.next();
        } catch (InvalidInputException problem) {
            Feedback.error(problem.getMessage());
        }
        grid.setItems(shown);
        grid.setEmptyStateText(filters.narrowed() ? "Nothing matches these filters. Widen the period or clear a filter."
                : platform ? "No platform administration recorded yet." : "Nothing recorded yet: changes made from now on show here.");
        more.setVisible(next != null);
    }

    private static String fileName() {
        return "audit-log-" + LocalDate.now() + ".csv";
    }
}
