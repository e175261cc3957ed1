package io.flowmeter.analytics.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.analytics.service.RoiMaths;
import io.flowmeter.analytics.service.RoiService;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.ui.Feedback;

import java.time.LocalDate;

/**
 * Restating: prices every fact from a day on again with the figures in force now, on the record (who, when, why, the
 * totals before and after). Asks for the reason and says what it will do before it does it.
 */
class RestateDialog extends Dialog {

    RestateDialog(RoiService roi, LocalDate today, Runnable done) {
        setHeaderTitle("Restate figures");
        setWidth("32rem");
        var from = new DatePicker("From");
        from.setId("restate-from");
        from.setValue(today.withDayOfMonth(1));
        from.setMax(today);
        var reason = new TextArea("Why");
        reason.setId("restate-reason");
        reason.setWidthFull();
        reason.setMaxLength(2000);
        reason.setHelperText("Shown with the reports, e.g. \"salary bands changed on the 1st\"");
        var explain = new Paragraph("Every saving and cost from this day on is priced again with the rates, prices and minutes in force "
                + "on its day as they are set now. Changing a figure alone never does this. The restatement is recorded with your name, "
                + "the reason, and the totals before and after, and it cannot be undone (only restated again).");
        explain.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        add(explain, from, reason);
        var restate = new Button("Restate", e -> {
            if (from.getValue() == null) {
                from.setErrorMessage("Choose a day");
                from.setInvalid(true);
                return;
            }
            try {
                RoiService.Restatement r = roi.restate(from.getValue(), reason.getValue());
                Feedback.success("Restated " + r.facts() + " figures from " + r.from() + ": value " + RoiMaths.money(r.valueBefore(), r.currency())
                        + " → " + RoiMaths.money(r.valueAfter(), r.currency()) + " " + r.currency() + ", costs "
                        + RoiMaths.money(r.costBefore(), r.currency()) + " → " + RoiMaths.money(r.costAfter(), r.currency()));
                close();
                done.run();
            } catch (InvalidInputException problem) {
                reason.setErrorMessage(problem.getMessage());
                reason.setInvalid(true);
            }
        });
        restate.setId("restate-confirm");
        restate.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        getFooter().add(new Button("Cancel", e -> close()), restate);
    }
}
