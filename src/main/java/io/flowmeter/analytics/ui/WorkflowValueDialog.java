package io.flowmeter.analytics.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.analytics.domain.Assumption;
import io.flowmeter.analytics.domain.AssumptionKind;
import io.flowmeter.analytics.service.RoiBook;
import io.flowmeter.analytics.service.RoiService;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.ui.Feedback;
import org.springframework.security.access.AccessDeniedException;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A workflow's value per successful run: manual minutes it saves and an outcome it is worth, the labour rate that
 * prices the minutes, the evidence; every change a new version from its day on, with the history below.
 */
class WorkflowValueDialog extends Dialog {

    static final String DEFAULT_RATE = "Default rate";

    private final BigDecimalField minutes = new BigDecimalField("Minutes saved per successful run");
    private final BigDecimalField outcome = new BigDecimalField("Outcome value per successful run");
    private final Select<String> rate = new Select<>();
    private final EvidenceForm evidence;

    WorkflowValueDialog(RoiService roi, UUID workflowId, boolean mayEdit) {
        setHeaderTitle("Value per run");
        setWidth("44rem");
        RoiBook book = roi.book();
        List<Assumption> history = roi.workflowValue(workflowId);
        var today = roi.today();
        var current = history.stream().filter(a -> !a.effectiveFrom().isAfter(today)).findFirst();

        var intro = new Paragraph("What one successful run saves, counted from the day you set on. Failed runs save nothing. "
                + "Steps can add their own value in the builder's step panel (Value).");
        intro.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        minutes.setId("value-minutes");
        minutes.setHelperText("The manual work one run replaces");
        outcome.setId("value-outcome");
        outcome.setSuffixComponent(new Span(book.currency()));
        outcome.setHelperText("E.g. late fees avoided per invoice; leave empty for none");
        rate.setId("value-rate");
        rate.setLabel("Labour rate");
        List<String> rates = new ArrayList<>();
        rates.add(DEFAULT_RATE);
        book.assumptions().stream().filter(a -> a.kind() == AssumptionKind.HOURLY_RATE && !a.subject().isEmpty()).map(Assumption::subject)
                .distinct().sorted().forEach(rates::add);
        rate.setItems(rates);
        rate.setValue(DEFAULT_RATE);
        boolean noRate = book.rate(null, today).isEmpty();
        if (noRate) {
            rate.setHelperText("No labour rate is set yet: minutes count, but are worth nothing until an admin sets one in ROI settings");
        }
        current.ifPresent(a -> {
            minutes.setValue(a.minutes());
            outcome.setValue(a.money());
            if (a.rateName() != null && rates.contains(a.rateName())) {
                rate.setValue(a.rateName());
            }
        });
        evidence = new EvidenceForm("value", today);
        var figures = new FormLayout(minutes, outcome, rate);
        figures.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("24em", 2));
        add(intro, figures, evidence);
        minutes.setReadOnly(!mayEdit);
        outcome.setReadOnly(!mayEdit);
        rate.setReadOnly(!mayEdit);
        evidence.setReadOnly(!mayEdit);

        add(new H4("History"));
        add(new AssumptionHistory("value-history", "Per run", a -> AssumptionHistory.plain(a.minutes()) + " min"
                + (a.money() == null || a.money().signum() == 0 ? "" : " + " + AssumptionHistory.plain(a.money()) + " " + book.currency())
                + (a.rateName() == null ? "" : " at " + a.rateName()), history));

        var save = new Button("Save", e -> {
            try {
                roi.setWorkflowValue(workflowId, minutes.getValue(), outcome.getValue(),
                        DEFAULT_RATE.equals(rate.getValue()) ? null : rate.getValue(), evidence.value());
                Feedback.success("Value per run saved: it counts from " + evidence.value().effectiveFrom());
                close();
            } catch (InvalidInputException problem) {
                if (!evidence.show(problem.field() == null ? "" : problem.field(), problem.getMessage())) {
                    minutes.setErrorMessage(problem.getMessage());
                    minutes.setInvalid(true);
                }
            } catch (NotFoundException | AccessDeniedException problem) {
                Feedback.error(problem.getMessage());
            }
        });
        save.setId("value-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setVisible(mayEdit);
        getFooter().add(new Button(mayEdit ? "Cancel" : "Close", e -> close()), save);
    }
}
