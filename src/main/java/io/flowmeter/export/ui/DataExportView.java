package io.flowmeter.export.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.export.service.ExportService;
import io.flowmeter.export.service.TenantExport;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.ui.Feedback;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * The organization's data export at {@code /settings/export}, for its admins and owners: ask for one, watch it being
 * built, download it once; earlier exports below.
 */
@Route("settings/export")
@PageTitle("Data export")
@Menu(order = 96, icon = "vaadin:download", title = "Data export")
@RolesAllowed(Role.Names.ADMIN)
public class DataExportView extends VerticalLayout {

    private static final int POLL_MS = 1000;

    private final ExportService exports;
    private final Button start = new Button("Export all data", VaadinIcon.PACKAGE.create());
    private final ExportProgressPanel current;
    private final Grid<TenantExport> history = new Grid<>();
    private @Nullable Registration polling;

    DataExportView(ExportService exports) {
        this.exports = exports;
        this.current = new ExportProgressPanel(exports, this::refresh);
        setMaxWidth("960px");
        var back = new Anchor("settings", "← Settings");
        back.getElement().setAttribute("router-link", true);
        var intro = new Paragraph("Everything your organization keeps in Flowmeter, as one zip of JSON and CSV files: workflows with "
                + "every version, run history, members, invitations and API keys, connections, ROI settings, assumptions and facts, and "
                + "the audit log. Never included: secrets and credentials, password and key hashes, run inputs and outputs. The file is "
                + "built in the background and can be downloaded once.");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY);

        start.setId("export-start");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.setDisableOnClick(true);
        start.addClickListener(e -> request());

        history.setId("export-history");
        history.addColumn(x -> Feedback.dateTime(x.requestedAt())).setHeader("Asked for").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(x -> x.requestedBy() == null ? "" : x.requestedBy()).setHeader("By").setAutoWidth(true);
        history.addColumn(ExportProgressPanel::statusText).setHeader("Status").setFlexGrow(1);
        history.addColumn(x -> x.sizeBytes() == null ? "" : ExportProgressPanel.size(x.sizeBytes())).setHeader("Size")
                .setAutoWidth(true).setFlexGrow(0);
        history.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        history.setAllRowsVisible(true);
        history.setEmptyStateText("No earlier exports.");

        add(back, new H3("Data export"), intro, start, current, new H4("Earlier exports"), history);
        refresh();
    }

    private void request() {
        try {
            exports.request();
            Feedback.success("Export started: it is being built in the background.");
        } catch (ConflictException busy) {
            Feedback.error(busy.getMessage());
        }
        refresh();
    }

    /** Shows the latest export and the ones before it; polls while one is being built. */
    void refresh() {
        List<TenantExport> recent = exports.recent();
        TenantExport latest = recent.isEmpty() ? null : recent.get(0);
        current.show(latest);
        history.setItems(recent.size() > 1 ? recent.subList(1, recent.size()) : List.of());
        boolean building = latest != null && latest.inProgress();
        start.setEnabled(!building);
        start.setTooltipText(building ? "An export is being built" : null);
        poll(building);
    }

    private void poll(boolean on) {
        UI ui = getUI().orElse(UI.getCurrent());
        if (ui == null) {
            return;
        }
        if (on && polling == null) {
            ui.setPollInterval(POLL_MS);
            polling = ui.addPollListener(e -> refresh());
        } else if (!on && polling != null) {
            polling.remove();
            polling = null;
            ui.setPollInterval(-1);
        }
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        refresh();
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (polling != null) {
            polling.remove();
            polling = null;
            detachEvent.getUI().setPollInterval(-1);
        }
        super.onDetach(detachEvent);
    }
}
