package io.flowmeter.engine.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.connection.ConnectionChoices;
import io.flowmeter.engine.notify.NotificationSettings;
import io.flowmeter.engine.notify.NotificationSettings.LastNotice;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.ui.Feedback;
import jakarta.annotation.security.RolesAllowed;

/**
 * The organization's default failure notifications at {@code /settings/notifications} (linked from Settings, so no
 * menu entry of its own): who hears about failed runs of workflows without a setting of their own, and how the latest
 * notifications went.
 */
@Route("settings/notifications")
@PageTitle("Failure notifications")
@RolesAllowed(Role.Names.ADMIN)
public class NotificationSettingsView extends VerticalLayout {

    static final int RECENT = 20;

    private final NotificationSettings settings;
    private final NotificationTargetsForm form;
    private final Grid<LastNotice> recent = new Grid<>();

    NotificationSettingsView(NotificationSettings settings, ConnectionChoices connections) {
        this.settings = settings;
        setMaxWidth("48rem");
        var back = new Anchor("settings", "← Settings");
        back.getElement().setAttribute("router-link", true);
        var intro = new Paragraph("When a run fails (and is parked), Flowmeter tells these people and this Slack channel, for every "
                + "workflow that has no notification setting of its own (set one in the workflow's builder, under Notifications). "
                + "At most one message per workflow every " + settings.windowText() + ", saying how many runs failed meanwhile, "
                + "with a link to the latest one. Leave everything empty to notify nobody by default.");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY);
        form = new NotificationTargetsForm(connections, settings.emailAvailable());
        form.setWidthFull();
        form.setValue(settings.tenantDefault());
        var save = new Button("Save", e -> save());
        save.setId("notify-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        recent.setId("notify-recent");
        recent.addColumn(LastNotice::workflowName).setHeader("Workflow").setAutoWidth(true);
        recent.addColumn(n -> n.outcomeAt() == null ? "" : Feedback.dateTime(n.outcomeAt())).setHeader("When").setAutoWidth(true);
        recent.addColumn(LastNotice::outcome).setHeader("Outcome").setFlexGrow(1).setTooltipGenerator(n -> LastNoticeText.of(n));
        recent.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        recent.setAllRowsVisible(true);
        recent.setEmptyStateText("No notification sent yet.");
        recent.setItems(settings.recentNotices(RECENT));
        add(back, new H3("Failure notifications"), intro, form, save, new H3("Latest notifications"), recent);
    }

    private void save() {
        try {
            form.setValue(settings.saveTenantDefault(form.value()));
            Feedback.success("Default notifications saved");
        } catch (InvalidInputException problem) {
            form.show(problem);
        }
    }
}
