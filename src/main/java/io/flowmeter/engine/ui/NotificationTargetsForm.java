package io.flowmeter.engine.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.flowmeter.connection.ConnectionChoices;
import io.flowmeter.engine.notify.NotificationSettings;
import io.flowmeter.engine.notify.NotificationTargets;
import io.flowmeter.shared.ui.Feedback;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The people and the Slack channel that hear about failed runs: email addresses, and optionally a channel with the
 * Slack connection that posts to it. The service checks what is entered; its refusals show on the field they concern.
 */
class NotificationTargetsForm extends Composite<VerticalLayout> implements HasSize {

    private final TextArea emails = new TextArea("Email addresses");
    private final Checkbox slack = new Checkbox("Post to Slack");
    private final ComboBox<ConnectionChoices.Choice> connection = new ComboBox<>("Slack connection");
    private final TextField channel = new TextField("Channel");
    private final List<ConnectionChoices.Choice> choices;

    NotificationTargetsForm(ConnectionChoices connections, boolean emailAvailable) {
        choices = connections.usableBy("slack");
        emails.setId("notify-emails");
        emails.setWidthFull();
        emails.setPlaceholder("ops@example.com, oncall@example.com");
        emails.setHelperText(emailAvailable ? "Separate addresses with commas or new lines"
                : "This server has no SMTP server set up (FLOWMETER_SMTP_HOST): nothing can be emailed until it has");
        slack.setId("notify-slack");
        connection.setId("notify-slack-connection");
        connection.setWidthFull();
        connection.setItems(choices);
        connection.setItemLabelGenerator(c -> c.name() + (c.status().equals("CONNECTED") ? ""
                : " (" + c.status().toLowerCase(Locale.ROOT).replace('_', ' ') + ")"));
        connection.setHelperText(choices.isEmpty() ? "No Slack connection yet: an admin adds one under Connections" : "The account that posts");
        channel.setId("notify-slack-channel");
        channel.setPlaceholder("#alerts");
        channel.setWidthFull();
        channel.setHelperText("A channel name or id; invite the Slack app to it first");
        slack.addValueChangeListener(e -> showSlack(e.getValue()));
        showSlack(false);
        getContent().setPadding(false);
        getContent().add(emails, slack, connection, channel);
    }

    void setValue(NotificationTargets targets) {
        emails.setValue(String.join(", ", targets.emails()));
        slack.setValue(targets.wantsSlack());
        connection.setValue(choices.stream().filter(c -> c.id().equals(targets.slackConnection())).findFirst().orElse(null));
        channel.setValue(targets.slackChannel() == null ? "" : targets.slackChannel());
        showSlack(targets.wantsSlack());
    }

    /** What is entered, unchecked: a ticked "Post to Slack" asks for connection and channel even when left empty. */
    NotificationTargets value() {
        Feedback.clear(fields());
        List<String> addresses = NotificationSettings.parseEmails(emails.getValue());
        if (!slack.getValue()) {
            return new NotificationTargets(addresses, null, null);
        }
        return new NotificationTargets(addresses, connection.getValue() == null ? null : connection.getValue().id(), channel.getValue().strip());
    }

    /** A refusal of the service, on its field. */
    void show(RuntimeException problem) {
        Feedback.show(problem, fields());
    }

    void setReadOnly(boolean readOnly) {
        emails.setReadOnly(readOnly);
        slack.setReadOnly(readOnly);
        connection.setReadOnly(readOnly);
        channel.setReadOnly(readOnly);
    }

    private Map<String, HasValidation> fields() {
        return Map.of("emails", emails, "slackConnection", connection, "slackChannel", channel);
    }

    private void showSlack(boolean shown) {
        connection.setVisible(shown);
        channel.setVisible(shown);
    }
}
