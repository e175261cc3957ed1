package io.flowmeter.engine.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.connection.ConnectionChoices;
import io.flowmeter.engine.notify.NotificationSettings;
import io.flowmeter.engine.notify.NotificationTargets;
import io.flowmeter.engine.notify.WorkflowNotification;
import io.flowmeter.engine.notify.WorkflowNotification.Mode;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.ui.Feedback;
import org.springframework.security.access.AccessDeniedException;

import java.util.UUID;

/**
 * One workflow's failure notifications: follow the organization's default, notify its own people and channel, or
 * nobody; with how the latest notification went. Read only for those who may not edit the workflow.
 */
class WorkflowNotificationsDialog extends Dialog {

    private final RadioButtonGroup<Mode> mode = new RadioButtonGroup<>("When a run fails or is parked, notify");
    private final NotificationTargetsForm form;

    WorkflowNotificationsDialog(NotificationSettings settings, ConnectionChoices connections, UUID workflowId, boolean mayEdit,
                                boolean mayEditDefault) {
        setHeaderTitle("Failure notifications");
        setWidth("34rem");
        WorkflowNotification current = settings.forWorkflow(workflowId);
        NotificationTargets fallback = settings.tenantDefault();
        form = new NotificationTargetsForm(connections, settings.emailAvailable());
        form.setValue(current.own());
        form.setReadOnly(!mayEdit);

        mode.setId("notify-mode");
        mode.addThemeVariants(RadioGroupVariant.LUMO_VERTICAL);
        mode.setItems(Mode.DEFAULT, Mode.OWN, Mode.OFF);
        mode.setItemLabelGenerator(m -> switch (m) {
            case DEFAULT -> "The organization's default: " + fallback.describe();
            case OWN -> "These people and channel instead";
            case OFF -> "Nobody (notifications off for this workflow)";
        });
        mode.setValue(current.mode());
        mode.setReadOnly(!mayEdit);
        mode.addValueChangeListener(e -> form.setVisible(e.getValue() == Mode.OWN));
        form.setVisible(current.mode() == Mode.OWN);

        var rule = new Paragraph("At most one message per workflow every " + settings.windowText()
                + ", saying how many runs failed meanwhile, with a link to the latest one.");
        rule.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        add(mode, form, rule);
        settings.lastNotice(workflowId).ifPresent(last -> {
            var status = new Paragraph(LastNoticeText.of(last));
            status.setId("notify-last");
            status.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
            add(status);
        });
        if (mayEditDefault) {
            var defaults = new Anchor("settings/notifications", "Change the organization's default");
            defaults.getElement().setAttribute("router-link", true);
            defaults.addClassNames(LumoUtility.FontSize.SMALL);
            defaults.getElement().addEventListener("click", e -> close());
            add(defaults);
        }

        var save = new Button("Save", e -> {
            try {
                settings.saveForWorkflow(workflowId, new WorkflowNotification(mode.getValue(),
                        mode.getValue() == Mode.OWN ? form.value() : NotificationTargets.NONE));
                Feedback.success("Failure notifications saved");
                close();
            } catch (InvalidInputException | NotFoundException | AccessDeniedException problem) {
                form.show(problem);
            }
        });
        save.setId("notify-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setVisible(mayEdit);
        var cancel = new Button(mayEdit ? "Cancel" : "Close", e -> close());
        getFooter().add(cancel, save);
    }
}
