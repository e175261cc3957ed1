package io.flowmeter.identity.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.identity.domain.User;
import io.flowmeter.identity.security.SessionSignIn;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.identity.service.MemberService;
import io.flowmeter.identity.service.MemberService.InviteDetails;
import io.flowmeter.identity.service.PasswordPolicy;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;

import java.util.Map;
import java.util.function.Supplier;

/** Where an invite link lands: join with a new account, or confirm an existing one with its password. */
@Route(value = "invite/:token", autoLayout = false)
@PageTitle("Join an organization · Flowmeter")
@AnonymousAllowed
public class InviteView extends AuthPage implements BeforeEnterObserver {

    /** How a sign-in from here is recorded in the audit log. */
    private static final String METHOD = "invitation";

    private final MemberService members;
    private final SignInService signIn;

    InviteView(MemberService members, SignInService signIn) {
        this.members = members;
        this.signIn = signIn;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String token = event.getRouteParameters().get("token").orElse("");
        InviteDetails invite = members.describeInvite(token);
        card.removeAll();
        switch (invite.state()) {
            case UNKNOWN -> dead("This invitation link is not valid", "Check that you copied the whole link, or ask for a new invitation.");
            case USED -> dead("This invitation was already used", "If it was you, sign in to continue.");
            case EXPIRED -> dead("This invitation has expired", "Invitations work for a limited time. Ask the person who invited you for a new one.");
            case VALID -> {
                if (invite.accountExists()) {
                    existingAccount(token, invite);
                } else {
                    newAccount(token, invite);
                }
            }
        }
    }

    private void dead(String title, String text) {
        card.add(new H2(title), new Paragraph(text), new Anchor("login", "Go to sign in"));
    }

    private void newAccount(String token, InviteDetails invite) {
        var email = new EmailField("Email");
        email.setValue(invite.email());
        email.setReadOnly(true);
        var name = new TextField("Your name");
        name.setRequired(true);
        name.setId("invite-name");
        var password = new PasswordField("Choose a password");
        password.setHelperText(PasswordPolicy.HINT);
        password.setRequired(true);
        password.setId("invite-password");
        var fields = Map.of("displayName", name, "password", password);
        var join = new Button("Join " + invite.tenantName(), e -> accept(fields,
                () -> members.acceptAsNewUser(token, name.getValue(), password.getValue())));
        join.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        join.addClickShortcut(Key.ENTER);
        join.setId("invite-accept");
        var form = new FormLayout(email, name, password);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        card.add(new H2("Join " + invite.tenantName()), new Paragraph("You were invited as " + invite.role().label()
                + ". Create your account to accept."), form, join);
    }

    private void existingAccount(String token, InviteDetails invite) {
        var password = new PasswordField("Password for " + invite.email());
        password.setRequired(true);
        password.setId("invite-password");
        var join = new Button("Join " + invite.tenantName(), e -> accept(Map.of("password", password),
                () -> members.acceptAsExistingUser(token, password.getValue())));
        join.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        join.addClickShortcut(Key.ENTER);
        join.setId("invite-accept");
        card.add(new H2("Join " + invite.tenantName()), new Paragraph("You were invited as " + invite.role().label()
                + ". You already have a Flowmeter account: confirm it with your password."), password, join);
    }

    private void accept(Map<String, ? extends com.vaadin.flow.component.HasValidation> fields, Supplier<User> acceptance) {
        Feedback.clear(fields);
        try {
            User user = acceptance.get();
            SessionSignIn.store(signIn.authenticate(user, METHOD), true);
            getUI().ifPresent(ui -> ui.getPage().setLocation("/"));
        } catch (InvalidInputException | ConflictException | NotFoundException problem) {
            Feedback.show(problem, fields);
        }
    }
}
