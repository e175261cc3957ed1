package io.flowmeter.identity.ui;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.identity.security.SignInService.SessionCheck;
import io.flowmeter.identity.service.AccountService;
import io.flowmeter.shell.ui.MainLayout;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

/** The profile page: name and password of the signed-in person. */
class ProfileViewTest extends KaribuTest {

    @Autowired AccountService accounts;
    @Autowired SignInService signInService;

    Owner owner;

    @BeforeEach
    void signedIn() {
        owner = data.newTenant("profile");
        signIn(owner.authentication());
    }

    private PasswordField field(String id) {
        return _get(PasswordField.class, spec -> spec.withId(id));
    }

    @Test
    void theUserMenuOpensTheProfile() {
        UI.getCurrent().navigate("");
        ContextMenuKt._clickItemWithID(_get(MenuBar.class, spec -> spec.withId("user-menu")), "user-menu-profile");
        _get(ProfileView.class);
        assertThat(_get(TextField.class, spec -> spec.withId("profile-name")).getValue()).isEqualTo(owner.user().getDisplayName());
    }

    @Test
    void theNameMustNotBeEmptyAndANewOneShowsAtOnce() {
        UI.getCurrent().navigate(ProfileView.class);
        var name = _get(TextField.class, spec -> spec.withId("profile-name"));
        _setValue(name, "   ");
        _click(_get(Button.class, spec -> spec.withId("profile-name-save")));
        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isEqualTo("Enter your name");

        _setValue(name, "Ada Lovelace");
        _click(_get(Button.class, spec -> spec.withId("profile-name-save")));
        NotificationsKt.expectNotifications("Your name was saved");
        NotificationsKt.clearNotifications();
        assertThat(accounts.findByEmail(owner.user().getEmail()).orElseThrow().getDisplayName()).isEqualTo("Ada Lovelace");
        assertThat(CurrentUser.require().displayName()).isEqualTo("Ada Lovelace");
        _get(_get(MainLayout.class), com.vaadin.flow.component.html.Span.class, spec -> spec.withText("Ada Lovelace"));
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndANewOneTwice() {
        UI.getCurrent().navigate(ProfileView.class);
        var save = _get(Button.class, spec -> spec.withId("profile-password-save"));

        _click(save);
        assertThat(field("profile-current-password").getErrorMessage()).isEqualTo("Enter your current password");
        assertThat(field("profile-password").getErrorMessage()).isEqualTo("Use at least 10 characters");
        assertThat(field("profile-confirmation").getErrorMessage()).isEqualTo("Type the new password again");

        _setValue(field("profile-current-password"), "not-my-password-1");
        _setValue(field("profile-password"), "brand-new-secret-7");
        _setValue(field("profile-confirmation"), "brand-new-secret-7");
        _click(save);
        assertThat(field("profile-current-password").getErrorMessage()).isEqualTo("This is not your current password");
        assertThat(field("profile-password").isInvalid()).isFalse();

        _setValue(field("profile-current-password"), TestData.PASSWORD);
        _setValue(field("profile-confirmation"), "brand-new-secret-8");
        _click(save);
        assertThat(field("profile-confirmation").getErrorMessage()).isEqualTo("The two passwords are not the same");

        _setValue(field("profile-password"), TestData.PASSWORD);
        _setValue(field("profile-confirmation"), TestData.PASSWORD);
        _click(save);
        assertThat(field("profile-password").getErrorMessage()).isEqualTo("Choose a password different from the current one");

        var account = accounts.findByEmail(owner.user().getEmail()).orElseThrow();
        assertThat(accounts.passwordMatches(account, TestData.PASSWORD)).as("nothing changed yet").isTrue();

        _setValue(field("profile-password"), "brand-new-secret-7");
        _setValue(field("profile-confirmation"), "brand-new-secret-7");
        _click(save);
        NotificationsKt.expectNotifications("Your password was changed. Your other sessions were signed out.");
        NotificationsKt.clearNotifications();
        account = accounts.findByEmail(owner.user().getEmail()).orElseThrow();
        assertThat(accounts.passwordMatches(account, "brand-new-secret-7")).isTrue();
        assertThat(field("profile-current-password").getValue()).as("the form is emptied").isEmpty();

        // the session signed in before is signed out; this one carries on
        assertThat(signInService.refresh(owner.principal())).isInstanceOf(SessionCheck.Ended.class);
        assertThat(signInService.refresh(CurrentUser.require())).isInstanceOf(SessionCheck.Valid.class);
    }

    @Test
    void guessingTheCurrentPasswordLocksLikeSigningIn() {
        UI.getCurrent().navigate(ProfileView.class);
        var save = _get(Button.class, spec -> spec.withId("profile-password-save"));
        _setValue(field("profile-password"), "brand-new-secret-7");
        _setValue(field("profile-confirmation"), "brand-new-secret-7");
        for (int i = 0; i < 5; i++) { // the test profile allows 5 failures
            _setValue(field("profile-current-password"), "guess-number-" + i);
            _click(save);
            assertThat(field("profile-current-password").getErrorMessage()).isEqualTo("This is not your current password");
        }
        _setValue(field("profile-current-password"), TestData.PASSWORD);
        _click(save);
        assertThat(field("profile-current-password").getErrorMessage()).startsWith("Too many wrong passwords");
        var account = accounts.findByEmail(owner.user().getEmail()).orElseThrow();
        assertThat(accounts.passwordMatches(account, TestData.PASSWORD)).isTrue();
    }
}
