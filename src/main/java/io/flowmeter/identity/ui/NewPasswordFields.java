package io.flowmeter.identity.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.PasswordField;
import io.flowmeter.identity.service.PasswordPolicy;
import io.flowmeter.shared.ui.Feedback;

import java.util.Map;

/**
 * A new password typed twice, as on the reset page and the profile. Flags a policy problem or a mismatch on the field
 * concerned before anything is sent; the service checks the policy again.
 */
class NewPasswordFields extends Composite<FormLayout> {

    private final PasswordField password = new PasswordField("New password");
    private final PasswordField confirmation = new PasswordField("Repeat the new password");

    /** @param idPrefix the fields' ids are {@code <prefix>-password} and {@code <prefix>-confirmation} */
    NewPasswordFields(String idPrefix) {
        password.setRequired(true);
        password.setHelperText(PasswordPolicy.HINT);
        password.setAutocomplete(Autocomplete.NEW_PASSWORD);
        password.setId(idPrefix + "-password");
        confirmation.setRequired(true);
        confirmation.setAutocomplete(Autocomplete.NEW_PASSWORD);
        confirmation.setId(idPrefix + "-confirmation");
        getContent().add(password, confirmation);
        getContent().setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
    }

    String value() {
        return password.getValue();
    }

    /** The fields by the names services use in their refusals ({@code password}). */
    Map<String, HasValidation> byName() {
        return Map.of("password", password, "confirmation", confirmation);
    }

    /** Marks what is wrong, if anything; true when both fields look right. */
    boolean looksValid(String email) {
        boolean valid = Feedback.flag(password, PasswordPolicy.problem(password.getValue(), email).orElse(null));
        valid &= Feedback.flag(confirmation, confirmation.getValue().isEmpty() ? "Type the new password again"
                : confirmation.getValue().equals(password.getValue()) ? null : "The two passwords are not the same");
        return valid;
    }

    void clear() {
        password.clear();
        confirmation.clear();
    }
}
