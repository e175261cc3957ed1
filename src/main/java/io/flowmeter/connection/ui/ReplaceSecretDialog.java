package io.flowmeter.connection.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.textfield.TextFieldBase;
import io.flowmeter.connection.domain.Connection;
import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.shared.ui.Feedback;

import java.util.LinkedHashMap;
import java.util.Map;

/** New entered credentials for a connection (a rotated API key or password); the old ones are not shown. */
class ReplaceSecretDialog extends Dialog {

    ReplaceSecretDialog(ConnectionService connections, Connection connection, Runnable changed) {
        setHeaderTitle("Replace the secret of " + connection.getName());
        setWidth("min(30rem, 95vw)");
        Map<String, TextFieldBase<?, String>> inputs = new LinkedHashMap<>();
        var form = new FormLayout();
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        for (String field : connection.getAuthKind().fields()) {
            TextFieldBase<?, String> input = NewConnectionDialog.secretField(field)
                    ? new PasswordField(NewConnectionDialog.fieldLabel(field)) : new TextField(NewConnectionDialog.fieldLabel(field));
            input.setRequired(true);
            input.setId("replace-" + field);
            inputs.put("values." + field, input);
            form.add(input);
        }
        var note = new Paragraph("The new values replace the old ones for every workflow at once; the old ones are kept only as "
                + "an earlier version in the secret store.");
        note.addClassName("fm-muted");
        add(form, note);
        var save = new Button("Replace", e -> {
            Feedback.clear(inputs);
            Map<String, String> values = new LinkedHashMap<>();
            inputs.forEach((key, input) -> values.put(key.substring("values.".length()), input.getValue()));
            try {
                connections.replaceCredentials(connection.getId(), values);
                close();
                Feedback.success("New secret saved for " + connection.getName());
                changed.run();
            } catch (RuntimeException problem) {
                Feedback.show(problem, inputs);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        save.setId("replace-save");
        getFooter().add(new Button("Cancel", e -> close()), save);
    }
}
