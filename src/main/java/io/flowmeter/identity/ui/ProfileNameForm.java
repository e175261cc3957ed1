package io.flowmeter.identity.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import io.flowmeter.identity.service.ProfileService;
import io.flowmeter.identity.service.ProfileService.Profile;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.ui.Feedback;

import java.util.Map;

/** The profile's name section: the email to read, the name to change. */
class ProfileNameForm extends Composite<VerticalLayout> {

    ProfileNameForm(ProfileService profiles, Profile profile, Runnable saved) {
        var email = new EmailField("Email");
        email.setValue(profile.email());
        email.setReadOnly(true);
        email.setHelperText("Your sign-in address; it cannot be changed here");
        email.setId("profile-email");
        var name = new TextField("Your name");
        name.setValue(profile.displayName());
        name.setRequired(true);
        name.setMaxLength(120);
        name.setAutocomplete(Autocomplete.NAME);
        name.setHelperText("Shown to the other members of your organizations");
        name.setId("profile-name");
        var save = new Button("Save name", e -> {
            if (!Feedback.flag(name, name.getValue().isBlank() ? "Enter your name" : null)) {
                return;
            }
            try {
                profiles.rename(name.getValue());
                Feedback.success("Your name was saved");
                saved.run();
            } catch (InvalidInputException problem) {
                Feedback.show(problem, Map.of("displayName", name));
            }
        });
        save.setId("profile-name-save");
        var form = new FormLayout(email, name);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        getContent().setPadding(false);
        getContent().add(new H3("Name"), form, save);
    }
}
