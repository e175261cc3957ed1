package io.flowmeter.identity.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.PasswordField;
import io.flowmeter.identity.service.ProfileService;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.ui.Feedback;

import java.util.HashMap;
import java.util.Map;

/** The profile's password section: the current password, then the new one twice. */
class ChangePasswordForm extends Composite<VerticalLayout> {

    ChangePasswordForm(ProfileService profiles, String email, Runnable changed) {
        var current = new PasswordField("Current password");
        current.setRequired(true);
        current.setAutocomplete(Autocomplete.CURRENT_PASSWORD);
        current.setId("profile-current-password");
        var fresh = new NewPasswordFields("profile");
        Map<String, HasValidation> fields = new HashMap<>(fresh.byName());
        fields.put("currentPassword", current);
        var save = new Button("Change password", e -> {
            Feedback.clear(fields);
            boolean valid = Feedback.flag(current, current.getValue().isEmpty() ? "Enter your current password" : null);
            if (!(fresh.looksValid(email) & valid)) {
                return;
            }
            try {
                profiles.changePassword(current.getValue(), fresh.value());
                current.clear();
                fresh.clear();
                Feedback.success("Your password was changed. Your other sessions were signed out.");
                changed.run();
            } catch (InvalidInputException problem) {
                Feedback.show(problem, fields);
            }
        });
        save.setId("profile-password-save");
        getContent().setPadding(false);
        getContent().add(new H3("Password"), new Paragraph("Changing it signs out every other session of your account."),
                current, fresh, save);
    }
}
