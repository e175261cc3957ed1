package io.flowmeter.identity.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.flowmeter.identity.service.PasswordResetService;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.ui.Feedback;

/** Where a reset link lands: choose a new password, once, while the link works. */
@Route(value = "reset-password/:token", autoLayout = false)
@PageTitle("Choose a new password · Flowmeter")
@AnonymousAllowed
public class ResetPasswordView extends AuthPage implements BeforeEnterObserver {

    private final PasswordResetService resets;

    ResetPasswordView(PasswordResetService resets) {
        this.resets = resets;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String token = event.getRouteParameters().get("token").orElse("");
        card.removeAll();
        switch (resets.describe(token)) {
            case UNKNOWN -> dead("This reset link is not valid", "Check that you opened the whole link from the email, or ask for a new one.");
            case USED -> dead("This reset link was already used", "Each link works once. If you did not change your password, ask for a new link.");
            case EXPIRED -> dead("This reset link has expired", "Reset links work for a short time, and stop working once the password "
                    + "is changed. Ask for a new link.");
            case VALID -> chooseNewPassword(token);
        }
    }

    private void dead(String title, String text) {
        var heading = new H2(title);
        heading.setId("reset-dead");
        card.add(heading, new Paragraph(text), new Anchor("forgot-password", "Ask for a new link"),
                new Div(new Anchor("login", "Back to sign in")));
    }

    private void chooseNewPassword(String token) {
        var fields = new NewPasswordFields("reset");
        var save = new Button("Set new password");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        save.setId("reset-submit");
        save.addClickListener(e -> {
            Feedback.clear(fields.byName());
            // the email-based rule is left to the service: this page does not show whose link it is
            if (!fields.looksValid("")) {
                return;
            }
            try {
                resets.reset(token, fields.value());
                card.removeAll();
                var done = new H2("Your password was changed");
                done.setId("reset-done");
                card.add(done, new Paragraph("Sign in with your new password. Every other session of "
                        + "your account was signed out."), new Anchor("login", "Sign in"));
            } catch (InvalidInputException | ConflictException | NotFoundException problem) {
                Feedback.show(problem, fields.byName());
            }
        });
        card.add(new H2("Choose a new password"), fields, save);
    }
}
