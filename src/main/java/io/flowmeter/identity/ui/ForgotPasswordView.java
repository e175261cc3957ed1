package io.flowmeter.identity.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.flowmeter.identity.service.EmailAddress;
import io.flowmeter.identity.service.PasswordResetProperties;
import io.flowmeter.identity.service.PasswordResetService;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.ui.Feedback;

import java.util.Map;

/**
 * "Forgot password?": asks for an email address and answers the same whether or not it has an account (the service
 * makes the timing match too), so that nobody learns from this page who uses Flowmeter.
 */
@Route(value = "forgot-password", autoLayout = false)
@PageTitle("Reset your password · Flowmeter")
@AnonymousAllowed
public class ForgotPasswordView extends AuthPage {

    private final PasswordResetService resets;
    private final EmailField email = new EmailField("Email");

    ForgotPasswordView(PasswordResetService resets) {
        this.resets = resets;
        if (resets.isAvailable()) {
            askForAddress();
        } else {
            card.add(new H2("Reset your password"), new Paragraph("Password reset by email is not set up on this Flowmeter "
                    + "(it sends no email). Ask an admin of your organization or of the platform for help."), backToSignIn());
        }
    }

    private void askForAddress() {
        email.setRequired(true);
        email.setId("forgot-email");
        var send = new Button("Send reset link", e -> send());
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.addClickShortcut(Key.ENTER);
        send.setId("forgot-submit");
        card.add(new H2("Reset your password"),
                new Paragraph("Enter the email address of your account and we will send you a link to choose a new password."),
                email, send, new Div(new Span("Remembered it? "), new Anchor("login", "Sign in")));
    }

    private void send() {
        if (!Feedback.flag(email, EmailAddress.isValid(email.getValue()) ? null
                : "Enter a valid email address, like name@example.com")) {
            return;
        }
        PasswordResetService.Request outcome;
        try {
            outcome = resets.request(email.getValue(), VaadinRequest.getCurrent().getRemoteAddr());
        } catch (InvalidInputException problem) {
            Feedback.show(problem, Map.of("email", email));
            return;
        }
        PasswordResetProperties settings = resets.settings();
        switch (outcome) {
            case TOO_MANY_FOR_ADDRESS -> Feedback.flag(email, "Too many reset links were asked for this address. Try again "
                    + "later: at most " + settings.maxPerAddress() + " are sent per " + PasswordResetProperties.readable(settings.window()) + ".");
            case TOO_MANY_FROM_SOURCE -> Feedback.flag(email, "Too many reset links were asked from your network. Try again later.");
            case ACCEPTED -> {
                var sent = new Paragraph("If an account with a password exists for " + email.getValue().strip()
                        + ", we have emailed it a link to choose a new password. The link works once, for "
                        + PasswordResetProperties.readable(settings.validity())
                        + ". It can take a minute to arrive; look in your spam folder too.");
                sent.setId("forgot-sent");
                card.removeAll();
                card.add(new H2("Check your email"), sent, backToSignIn());
            }
        }
    }

    private static Anchor backToSignIn() {
        return new Anchor("login", "Back to sign in");
    }
}
