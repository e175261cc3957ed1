package io.flowmeter.identity.ui;

import com.github.mvysny.kaributesting.v10.LoginFormKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import io.flowmeter.identity.service.AccountService;
import io.flowmeter.support.Inbox;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

/** The "forgot password" page and the page its link opens, driven without a browser. */
class PasswordResetViewsTest extends KaribuTest {

    @Autowired AccountService accounts;

    /** A fresh page each time (navigating to the page already shown would keep its answer). */
    private static void openForgotPassword() {
        UI.getCurrent().navigate(LoginView.class);
        UI.getCurrent().navigate(ForgotPasswordView.class);
    }

    private String ask(String email) {
        openForgotPassword();
        _setValue(_get(EmailField.class, spec -> spec.withId("forgot-email")), email);
        _click(_get(Button.class, spec -> spec.withId("forgot-submit")));
        return _get(Paragraph.class, spec -> spec.withId("forgot-sent")).getText();
    }

    @Test
    void theSignInPageLeadsToForgotPassword() {
        UI.getCurrent().navigate(LoginView.class);
        LoginForm form = _get(LoginForm.class);
        assertThat(form.isForgotPasswordButtonVisible()).isTrue();
        LoginFormKt._forgotPassword(form);
        _get(ForgotPasswordView.class);
    }

    @Test
    void theAnswerIsTheSameWhetherOrNotTheAddressHasAnAccount() throws Exception {
        Owner owner = data.newTenant("forgot-ui");
        String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
        String forUnknown = ask(unknown);
        String forKnown = ask(owner.user().getEmail());
        assertThat(forKnown.replace(owner.user().getEmail(), "ADDRESS")).isEqualTo(forUnknown.replace(unknown, "ADDRESS"))
                .contains("If an account with a password exists for ADDRESS").contains("30 minutes");
        new Inbox(SMTP, owner.user().getEmail()).await(1);
        assertThat(new Inbox(SMTP, unknown).messages()).isEmpty();
    }

    @Test
    void badAddressesAndTooManyRequestsAreSaidOnTheField() {
        UI.getCurrent().navigate(ForgotPasswordView.class);
        var email = _get(EmailField.class, spec -> spec.withId("forgot-email"));
        _setValue(email, "ada@");
        _click(_get(Button.class, spec -> spec.withId("forgot-submit")));
        assertThat(email.isInvalid()).isTrue();
        assertThat(email.getErrorMessage()).contains("valid email address");

        String address = "busy-" + UUID.randomUUID() + "@example.com";
        for (int i = 0; i < 3; i++) {
            ask(address);
        }
        openForgotPassword();
        email = _get(EmailField.class, spec -> spec.withId("forgot-email"));
        _setValue(email, address);
        _click(_get(Button.class, spec -> spec.withId("forgot-submit")));
        assertThat(email.isInvalid()).isTrue();
        assertThat(email.getErrorMessage()).contains("Too many reset links").contains("at most 3 are sent per 1 hour");
    }

    @Test
    void theLinkOpensAFormThatChecksTheNewPasswordThenWorksOnce() throws Exception {
        Owner owner = data.newTenant("reset-ui");
        ask(owner.user().getEmail());
        String token = new Inbox(SMTP, owner.user().getEmail()).awaitResetToken(1);

        UI.getCurrent().navigate("reset-password/" + token);
        var password = _get(PasswordField.class, spec -> spec.withId("reset-password"));
        var confirmation = _get(PasswordField.class, spec -> spec.withId("reset-confirmation"));
        var save = _get(Button.class, spec -> spec.withId("reset-submit"));

        _setValue(password, "brand-new-secret-7");
        _setValue(confirmation, "brand-new-secret-8");
        _click(save);
        assertThat(confirmation.isInvalid()).isTrue();
        assertThat(confirmation.getErrorMessage()).isEqualTo("The two passwords are not the same");

        _setValue(password, "lettersonly");
        _setValue(confirmation, "lettersonly");
        _click(save);
        assertThat(password.getErrorMessage()).isEqualTo("Mix letters with at least one digit or symbol");

        // the email-based rule is the service's: the page does not know whose link it is
        String local = owner.user().getEmail().split("@")[0];
        _setValue(password, local + "-1");
        _setValue(confirmation, local + "-1");
        _click(save);
        assertThat(password.getErrorMessage()).isEqualTo("Do not build the password from your email address");

        _setValue(password, "brand-new-secret-7");
        _setValue(confirmation, "brand-new-secret-7");
        _click(save);
        assertThat(_get(H2.class, spec -> spec.withId("reset-done")).getText()).isEqualTo("Your password was changed");
        var account = accounts.findByEmail(owner.user().getEmail()).orElseThrow();
        assertThat(accounts.passwordMatches(account, "brand-new-secret-7")).isTrue();
        assertThat(accounts.passwordMatches(account, TestData.PASSWORD)).isFalse();

        UI.getCurrent().navigate("reset-password/" + token);
        assertThat(_get(H2.class, spec -> spec.withId("reset-dead")).getText()).isEqualTo("This reset link was already used");
    }

    @Test
    void anUnknownLinkSaysSoAndOffersANewOne() {
        UI.getCurrent().navigate("reset-password/pwr_not-a-real-token");
        assertThat(_get(H2.class, spec -> spec.withId("reset-dead")).getText()).isEqualTo("This reset link is not valid");
        _get(com.vaadin.flow.component.html.Anchor.class, spec -> spec.withText("Ask for a new link"));
    }
}
