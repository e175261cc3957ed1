package io.flowmeter.analytics.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.analytics.domain.Assumption;
import io.flowmeter.analytics.domain.AssumptionKind;
import io.flowmeter.analytics.service.RoiBook;
import io.flowmeter.analytics.service.RoiService;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.ui.Feedback;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A workflow's one-off build effort (hours at a labour rate, for its payback date) and the runs a month it is expected to make. */
class PaybackDialog extends Dialog {

    PaybackDialog(RoiService roi, UUID workflowId, Runnable saved) {
        setHeaderTitle("Build effort and forecast");
        setWidth("40rem");
        RoiBook book = roi.book();
        var today = roi.today();
        var hours = new BigDecimalField("Hours it took to build");
        hours.setId("payback-hours");
        var rate = new Select<String>();
        rate.setId("payback-rate");
        rate.setLabel("At labour rate");
        List<String> rates = new ArrayList<>();
        rates.add(WorkflowValueDialog.DEFAULT_RATE);
        book.assumptions().stream().filter(a -> a.kind() == AssumptionKind.HOURLY_RATE && !a.subject().isEmpty()).map(Assumption::subject)
                .distinct().sorted().forEach(rates::add);
        rate.setItems(rates);
        rate.setValue(WorkflowValueDialog.DEFAULT_RATE);
        var runs = new BigDecimalField("Runs per month expected");
        runs.setId("payback-forecast");
        book.inForce(AssumptionKind.BUILD_EFFORT, workflowId.toString(), today).ifPresent(a -> {
            hours.setValue(a.quantity());
            if (a.rateName() != null && rates.contains(a.rateName())) {
                rate.setValue(a.rateName());
            }
        });
        book.inForce(AssumptionKind.FORECAST, workflowId.toString(), today).ifPresent(a -> runs.setValue(a.quantity()));
        var evidence = new EvidenceForm("payback", today);
        var explain = new Paragraph("The build effort's cost is paid back on the day the workflow's net value since then reaches it. "
                + "The forecast is compared with the runs it actually makes.");
        explain.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        var figures = new FormLayout(hours, rate, runs);
        figures.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("24em", 2));
        add(explain, figures, evidence);
        var save = new Button("Save", e -> {
            try {
                if (hours.getValue() == null && runs.getValue() == null) {
                    hours.setErrorMessage("Give the hours, the runs per month, or both");
                    hours.setInvalid(true);
                    return;
                }
                if (hours.getValue() != null) {
                    roi.setBuildEffort(workflowId, hours.getValue(), WorkflowValueDialog.DEFAULT_RATE.equals(rate.getValue()) ? null : rate.getValue(),
                            evidence.value());
                }
                if (runs.getValue() != null) {
                    roi.setForecast(workflowId, runs.getValue(), evidence.value());
                }
                Feedback.success("Saved");
                close();
                saved.run();
            } catch (InvalidInputException problem) {
                if (!evidence.show(problem.field() == null ? "" : problem.field(), problem.getMessage())) {
                    hours.setErrorMessage(problem.getMessage());
                    hours.setInvalid(true);
                }
            }
        });
        save.setId("payback-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button("Cancel", e -> close()), save);
    }
}
