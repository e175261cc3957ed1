package io.flowmeter.analytics.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.analytics.domain.Cadence;
import io.flowmeter.analytics.service.StatementSchedule;
import io.flowmeter.analytics.service.StatementService;
import io.flowmeter.identity.People;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.ui.Feedback;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who gets the ROI statement (the PDF) by email and how often, with how the last one went and a "Send now" for the
 * last whole period. Admins change it; everyone else reads it.
 */
class StatementScheduleForm extends VerticalLayout {

    /** The cadence choices, "Off" first. */
    enum Choice {
        OFF("Off: not emailed", null), WEEKLY(Cadence.WEEKLY.label(), Cadence.WEEKLY), MONTHLY(Cadence.MONTHLY.label(), Cadence.MONTHLY);

        final String label;
        final @Nullable Cadence cadence;

        Choice(String label, @Nullable Cadence cadence) {
            this.label = label;
            this.cadence = cadence;
        }
    }

    private final StatementService statements;
    private final Select<Choice> cadence = new Select<>();
    private final MultiSelectComboBox<People.Member> recipients = new MultiSelectComboBox<>("Recipients");
    private final Paragraph status = new Paragraph();
    private final Button send = new Button("Send now");

    StatementScheduleForm(StatementService statements, boolean admin) {
        this.statements = statements;
        setPadding(false);
        cadence.setId("statement-cadence");
        cadence.setLabel("Email the ROI statement");
        cadence.setItems(Choice.values());
        cadence.setItemLabelGenerator(c -> c.label);
        cadence.setWidth("18rem");
        recipients.setId("statement-recipients");
        List<People.Member> members = statements.members();
        recipients.setItems(members);
        recipients.setItemLabelGenerator(m -> m.displayName() + " <" + m.email() + ">");
        recipients.setWidth("28rem");
        recipients.setHelperText("Members of this organization; the PDF goes to their address when it is sent");
        var save = new Button("Save schedule", e -> save());
        save.setId("statement-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.setId("statement-send");
        send.setDisableOnClick(true);
        send.addClickListener(e -> sendNow());
        send.setTooltipText("Emails the statement of the last whole period to the recipients now");
        var row = new HorizontalLayout(cadence, recipients);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        row.setWrap(true);
        status.setId("statement-status");
        status.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        add(row, status);
        if (admin) {
            add(new HorizontalLayout(save, send));
        } else {
            cadence.setReadOnly(true);
            recipients.setReadOnly(true);
        }
        show(statements.schedule(), members);
    }

    private void show(Optional<StatementSchedule> schedule, List<People.Member> members) {
        Map<UUID, People.Member> byId = members.stream().collect(Collectors.toMap(People.Member::userId, Function.identity()));
        cadence.setValue(schedule.map(s -> s.cadence() == Cadence.WEEKLY ? Choice.WEEKLY : Choice.MONTHLY).orElse(Choice.OFF));
        recipients.setValue(schedule.map(s -> s.recipients().stream().map(byId::get).filter(java.util.Objects::nonNull).collect(Collectors.toSet()))
                .orElse(Set.of()));
        send.setEnabled(schedule.isPresent());
        status.setText(schedule.map(s -> {
            String next = "";
            if (s.sentThrough() != null) {
                Cadence.Period coming = s.cadence().periodOf(s.sentThrough().plusDays(1));
                next = "Next: " + coming.from() + " to " + coming.to() + ", emailed on " + coming.to().plusDays(1) + ". ";
            }
            String last = s.lastSentAt() == null ? "Nothing sent yet." : "Last, " + Feedback.dateTime(s.lastSentAt()) + ": " + s.lastResult() + ".";
            return next + last;
        }).orElse("The statement is not emailed. Anyone can download it from the ROI dashboard."));
    }

    private void save() {
        recipients.setInvalid(false);
        try {
            Choice choice = cadence.getValue() == null ? Choice.OFF : cadence.getValue();
            var saved = statements.save(choice.cadence, recipients.getValue().stream().map(People.Member::userId).toList());
            Feedback.success(saved.isEmpty() ? "The statement is no longer emailed"
                    : "Saved: the first statement goes when the period under way ends");
            show(saved, statements.members());
        } catch (InvalidInputException problem) {
            recipients.setErrorMessage(problem.getMessage());
            recipients.setInvalid(true);
        }
    }

    private void sendNow() {
        try {
            String result = statements.sendNow();
            Feedback.notify(result, result.contains("not sent"));
            show(statements.schedule(), statements.members());
        } catch (InvalidInputException problem) {
            Feedback.error(problem.getMessage());
        } finally {
            send.setEnabled(true);
        }
    }
}
