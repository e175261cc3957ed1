package io.flowmeter.analytics.ui;

import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import io.flowmeter.analytics.domain.AssumptionKind;
import io.flowmeter.analytics.service.RoiService;
import io.flowmeter.shared.InvalidInputException;

import java.math.BigDecimal;

/** One figure to change: which one (a rate, a price, a fee, minutes, a member's rate), what it is called, its amounts. */
class FigureForm extends FormLayout {

    /** The figures an organization sets here, in plain words (a workflow's value is set on the workflow). */
    enum Figure {
        DEFAULT_RATE("Default labour rate (per hour)", AssumptionKind.HOURLY_RATE, null, "Amount per hour", null),
        NAMED_RATE("Named labour rate (per hour)", AssumptionKind.HOURLY_RATE, "Rate name, e.g. finance", "Amount per hour", null),
        COMPUTE_RATE("Compute rate (per hour of step work)", AssumptionKind.COMPUTE_RATE, null, "Amount per hour", null),
        TRIAGE("Minutes spent on a failed run", AssumptionKind.TRIAGE_MINUTES, null, "Minutes", null),
        FTE("Working hours of a full-time person per year", AssumptionKind.FTE_HOURS, null, "Hours", null),
        MODEL_PRICE("AI model price (per million tokens)", AssumptionKind.LLM_PRICE, "Model, e.g. gpt-4o-mini (a prefix matches versions)",
                "Input tokens", "Output tokens"),
        CALL_FEE("Fee per call of a step type", AssumptionKind.CALL_FEE, "Step type, e.g. slack.postMessage", "Amount per call", null),
        MEMBER_RATE("A member's rate for their approvals", AssumptionKind.MEMBER_RATE, "Member's email", null, null);

        final String label;
        final AssumptionKind kind;
        final String subjectLabel;
        final String amountLabel;
        final String secondLabel;

        Figure(String label, AssumptionKind kind, String subjectLabel, String amountLabel, String secondLabel) {
            this.label = label;
            this.kind = kind;
            this.subjectLabel = subjectLabel;
            this.amountLabel = amountLabel;
            this.secondLabel = secondLabel;
        }

        boolean minutes() {
            return kind == AssumptionKind.TRIAGE_MINUTES || kind == AssumptionKind.FTE_HOURS;
        }
    }

    private final Select<Figure> figure = new Select<>();
    private final TextField subject = new TextField();
    private final BigDecimalField amount = new BigDecimalField();
    private final BigDecimalField second = new BigDecimalField();
    private final TextField rateName = new TextField("Named labour rate, e.g. finance");
    private final String currency;

    FigureForm(String currency) {
        this.currency = currency;
        figure.setId("figure-kind");
        figure.setLabel("Figure");
        figure.setItems(Figure.values());
        figure.setItemLabelGenerator(f -> f.label);
        figure.setValue(Figure.DEFAULT_RATE);
        subject.setId("figure-subject");
        subject.setMaxLength(200);
        amount.setId("figure-amount");
        second.setId("figure-second");
        rateName.setId("figure-rate-name");
        rateName.setMaxLength(60);
        rateName.setHelperText("Their approvals' minutes to decide are priced at this rate instead of the step's");
        figure.addValueChangeListener(e -> show(e.getValue()));
        show(Figure.DEFAULT_RATE);
        add(figure, subject, amount, second, rateName);
        setResponsiveSteps(new ResponsiveStep("0", 1), new ResponsiveStep("24em", 2));
    }

    private void show(Figure chosen) {
        subject.setVisible(chosen.subjectLabel != null);
        subject.setLabel(chosen.subjectLabel);
        amount.setVisible(chosen.amountLabel != null);
        rateName.setVisible(chosen.kind == AssumptionKind.MEMBER_RATE);
        amount.setLabel(chosen.amountLabel);
        amount.setSuffixComponent(chosen.minutes() ? null : new Span(currency));
        second.setVisible(chosen.secondLabel != null);
        second.setLabel(chosen.secondLabel);
        second.setSuffixComponent(new Span(currency));
    }

    RoiService.Change change() {
        Figure chosen = figure.getValue();
        amount.setInvalid(false);
        subject.setInvalid(false);
        if (chosen.subjectLabel != null && subject.getValue().isBlank()) {
            subject.setErrorMessage("Name it");
            subject.setInvalid(true);
            throw new InvalidInputException("subject", chosen.subjectLabel + " is required");
        }
        if (chosen.kind == AssumptionKind.MEMBER_RATE) {
            if (rateName.getValue().isBlank()) {
                rateName.setErrorMessage("Name the rate");
                rateName.setInvalid(true);
                throw new InvalidInputException("rateName", "Name the labour rate");
            }
            rateName.setInvalid(false);
            return new RoiService.Change(chosen.kind, subject.getValue().strip(), null, null, null, rateName.getValue().strip());
        }
        if (amount.getValue() == null) {
            amount.setErrorMessage("Give an amount (0 to stop counting it)");
            amount.setInvalid(true);
            throw new InvalidInputException("amount", chosen.amountLabel + " is required");
        }
        String name = chosen.subjectLabel == null ? "" : subject.getValue().strip();
        BigDecimal value = amount.getValue();
        return chosen.minutes() ? new RoiService.Change(chosen.kind, name, value, null, null, null)
                : new RoiService.Change(chosen.kind, name, null, value, chosen.secondLabel == null ? null : second.getValue(), null);
    }

    void showProblem(String message) {
        var field = figure.getValue().kind == AssumptionKind.MEMBER_RATE ? subject : amount;
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    void clear() {
        subject.clear();
        rateName.clear();
        amount.clear();
        second.clear();
    }
}
