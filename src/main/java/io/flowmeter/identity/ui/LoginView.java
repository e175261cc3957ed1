package io.flowmeter.identity.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.SignInRefusedException;
import io.flowmeter.identity.service.PasswordResetService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.WebAttributes;

/**
 * Sign-in. Wrong email and wrong password share one message; refusals a person can act on (locked,
 * suspended, no organization) say why, taken from the failure Spring Security kept in the session.
 */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Flowmeter")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    static final String GENERIC_ERROR = "Incorrect email or password. Check them and try again.";

    private final LoginForm form = new LoginForm();

    LoginView(ObjectProvider<ClientRegistrationRepository> sso, @Value("${flowmeter.sso.registration-id}") String ssoId,
              @Value("${flowmeter.sso.button-label}") String ssoLabel, PasswordResetService resets) {
        addClassName("fm-auth-page");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);

        form.setAction("login");
        // without SMTP no reset link could reach anyone
        form.setForgotPasswordButtonVisible(resets.isAvailable());
        form.addForgotPasswordListener(e -> e.getSource().getUI().ifPresent(ui -> ui.navigate(ForgotPasswordView.class)));
        form.setI18n(i18n(GENERIC_ERROR));

        var brand = new H1("Flowmeter");
        brand.addClassName("fm-auth-brand");
        var tagline = new Paragraph("Automations that prove what they save.");
        tagline.addClassName("fm-auth-tagline");
        add(brand, tagline, form);
        if (sso.getIfAvailable() != null) {
            var button = new Button(ssoLabel, VaadinIcon.SIGN_IN_ALT.create());
            button.addThemeVariants(ButtonVariant.LUMO_CONTRAST);
            button.setId("sso-sign-in");
            button.addClickListener(e -> e.getSource().getUI().ifPresent(ui ->
                    ui.getPage().setLocation("/oauth2/authorization/" + ssoId)));
            add(button);
        }
        var signUp = new Div(new Span("New to Flowmeter? "), new Anchor("signup", "Create an account"));
        signUp.addClassName("fm-auth-switch");
        add(signUp);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (CurrentUser.get().isPresent()) {
            event.forwardTo("");
            return;
        }
        var session = VaadinSession.getCurrent().getSession();
        Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        if (failure == null && !event.getLocation().getQueryParameters().getParameters().containsKey("error")) {
            return;
        }
        String message = GENERIC_ERROR;
        if (failure instanceof SignInRefusedException refused) {
            message = refused.getMessage();
        } else if (failure instanceof Exception e && e.getCause() instanceof SignInRefusedException refused) {
            message = refused.getMessage();
        } else if (failure instanceof OAuth2AuthenticationException oauth) {
            message = oauth.getMessage() != null && !oauth.getMessage().isBlank() ? oauth.getMessage()
                    : "Single sign-on failed. Try again or sign in with your password.";
        }
        form.setI18n(i18n(message));
        form.setError(true);
    }

    private static LoginI18n i18n(String errorMessage) {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getForm().setUsername("Email");
        i18n.getForm().setSubmit("Sign in");
        i18n.getForm().setForgotPassword("Forgot password?");
        i18n.getErrorMessage().setTitle("Could not sign you in");
        i18n.getErrorMessage().setMessage(errorMessage);
        return i18n;
    }
}
