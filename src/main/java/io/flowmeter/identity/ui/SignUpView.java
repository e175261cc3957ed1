package io.flowmeter.identity.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.identity.domain.User;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.SessionSignIn;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.identity.service.AccountService;
import io.flowmeter.identity.service.EmailAddress;
import io.flowmeter.identity.service.PasswordPolicy;
import io.flowmeter.identity.service.SignUpForm;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.tenancy.domain.Slug;

import java.util.Map;

/** Self-service sign-up: creates an organization (tenant) with the new account as its owner, then signs in. */
@Route(value = "signup", autoLayout = false)
@PageTitle("Create your account · Flowmeter")
@AnonymousAllowed
public class SignUpView extends VerticalLayout implements BeforeEnterObserver {

    /** How a sign-in from here is recorded in the audit log. */
    private static final String METHOD = "sign-up";

    private final TextField name = new TextField("Your name");
    private final EmailField email = new EmailField("Work email");
    private final PasswordField password = new PasswordField("Password");
    private final TextField organization = new TextField("Organization");
    private final TextField slug = new TextField("Organization URL name");
    private boolean slugEdited;

    SignUpView(AccountService accounts, SignInService signIn) {
        addClassName("fm-auth-page");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);

        name.setRequired(true);
        name.setAutocomplete(com.vaadin.flow.component.textfield.Autocomplete.NAME);
        name.setId("signup-name");
        email.setRequired(true);
        email.setId("signup-email");
        password.setRequired(true);
        password.setHelperText(PasswordPolicy.HINT);
        password.setId("signup-password");
        organization.setRequired(true);
        organization.setId("signup-organization");
        slug.setRequired(true);
        slug.setHelperText("Lowercase letters, digits and hyphens; identifies your organization");
        slug.setId("signup-slug");
        organization.setValueChangeMode(ValueChangeMode.EAGER);
        organization.addValueChangeListener(e -> {
            if (!slugEdited) {
                slug.setValue(Slug.suggestFrom(e.getValue()));
            }
        });
        slug.addValueChangeListener(e -> slugEdited |= e.isFromClient());

        var fields = Map.of("displayName", name, "email", email, "password", password, "name", organization, "slug", slug);
        var create = new Button("Create account", e -> {
            Feedback.clear(fields);
            if (!allFieldsLookValid()) {
                return;
            }
            try {
                User user = accounts.signUp(new SignUpForm(name.getValue(), email.getValue(), password.getValue(),
                        organization.getValue(), slug.getValue()));
                SessionSignIn.store(signIn.authenticate(user, METHOD), true);
                getUI().ifPresent(ui -> ui.getPage().setLocation("/"));
            } catch (InvalidInputException | ConflictException problem) {
                Feedback.show(problem, fields);
            }
        });
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);
        create.setId("signup-submit");
        create.setDisableOnClick(true);
        create.addClickListener(e -> create.setEnabled(true));

        var form = new FormLayout(name, email, password, organization, slug);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        var card = new Div(new H2("Create your account"), form, create,
                new Div(new Span("Already have an account? "), new Anchor("login", "Sign in")));
        card.addClassName("fm-auth-card");
        var brand = new H1("Flowmeter");
        brand.addClassName("fm-auth-brand");
        add(brand, card);
    }

    /** Flags every field with a problem at once; the service re-checks everything, including uniqueness. */
    private boolean allFieldsLookValid() {
        boolean valid = true;
        valid &= Feedback.flag(name, name.getValue().isBlank() ? "Enter your name" : null);
        valid &= Feedback.flag(email, EmailAddress.isValid(email.getValue()) ? null : "Enter a valid email address, like name@example.com");
        valid &= Feedback.flag(password, PasswordPolicy.problem(password.getValue(), email.getValue()).orElse(null));
        valid &= Feedback.flag(organization, organization.getValue().isBlank() ? "Enter a name" : null);
        valid &= Feedback.flag(slug, Slug.problem(slug.getValue().strip()).orElse(null));
        return valid;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (CurrentUser.get().isPresent()) {
            event.forwardTo(""); // already signed in
        }
    }
}
