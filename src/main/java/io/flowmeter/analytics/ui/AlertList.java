package io.flowmeter.analytics.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.analytics.service.AlertService;
import io.flowmeter.analytics.service.RoiAlert;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.ui.Feedback;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.UUID;

/**
 * The open ROI alerts (runs or value dropped against a workflow's baseline, a missed schedule), newest first, each with
 * a link to the workflow's ROI page and, for builders, a Dismiss button. Hidden when there are none.
 */
class AlertList extends Div {

    private final AlertService alerts;
    private final @Nullable UUID workflowId;
    private final boolean canDismiss;

    AlertList(AlertService alerts, @Nullable UUID workflowId, boolean canDismiss) {
        this.alerts = alerts;
        this.workflowId = workflowId;
        this.canDismiss = canDismiss;
        setId("roi-alerts");
        addClassName("fm-card");
        getStyle().set("width", "auto").set("margin", "var(--lumo-space-m) 0").set("border-left", "4px solid var(--lumo-warning-color, #f5a623)");
        refresh();
    }

    private void refresh() {
        removeAll();
        List<RoiAlert> open = alerts.open(workflowId);
        setVisible(!open.isEmpty());
        if (open.isEmpty()) {
            return;
        }
        var title = new H3(open.size() == 1 ? "1 notice needs a look" : open.size() + " notices need a look");
        title.getStyle().set("margin-top", "0");
        add(title);
        for (RoiAlert alert : open) {
            var row = new Div();
            row.addClassName("roi-alert");
            row.getStyle().set("display", "flex").set("gap", "var(--lumo-space-s)").set("align-items", "baseline").set("flex-wrap", "wrap")
                    .set("padding", "var(--lumo-space-xs) 0");
            var icon = VaadinIcon.WARNING.create();
            icon.setSize("var(--lumo-icon-size-s)");
            icon.getStyle().set("color", "var(--lumo-warning-text-color, #8a5a00)").set("align-self", "center");
            var kind = new Span(alert.kind().label());
            kind.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
            var message = new Span(alert.message());
            var link = new Anchor("roi/workflows/" + alert.workflowId(), "Open");
            link.getElement().setAttribute("router-link", true);
            var when = new Span("raised " + Feedback.dateTime(alert.raisedAt()) + (alert.emailedTo() > 0 ? ", emailed to admins" : ""));
            when.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
            row.add(icon, kind, message, link, when);
            if (canDismiss) {
                var dismiss = new Button("Dismiss", e -> dismiss(alert.id()));
                dismiss.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
                dismiss.getElement().setAttribute("aria-label", "Dismiss: " + alert.message());
                dismiss.addClassName("roi-alert-dismiss");
                row.add(dismiss);
            }
            add(row);
        }
    }

    private void dismiss(UUID id) {
        try {
            alerts.dismiss(id);
        } catch (NotFoundException gone) {
            // someone else dismissed it meanwhile
        }
        refresh();
    }

    /** For tests: how many alerts are shown. */
    long shown() {
        return getChildren().filter(c -> c.getClassNames().contains("roi-alert")).count();
    }
}
