package io.flowmeter.e2e;

import com.microsoft.playwright.Page;
import io.flowmeter.support.BrowserTest;
import io.flowmeter.support.Inbox;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Someone who forgot their password asks for a link on the sign-in page, opens it from the email, chooses a new
 * password and signs in with it; a session they had open elsewhere is signed out.
 */
class ForgotPasswordE2ETest extends BrowserTest {

    @Autowired TestData data;

    @Test
    void forgotPasswordEmailLinkNewPasswordSignIn() throws Exception {
        Owner owner = data.newTenant("e2e-forgot");
        String email = owner.user().getEmail();

        // a session open elsewhere, signed in with the old password
        Page elsewhere = newBrowserContext().newPage();
        elsewhere.navigate(url("/login"));
        signIn(elsewhere, email, TestData.PASSWORD);
        assertThat(elsewhere.locator("#welcome")).isVisible();

        page.navigate(url("/login"));
        page.locator("vaadin-login-form vaadin-button[slot=forgot-password]").click();
        assertThat(page).hasURL(Pattern.compile(".*/forgot-password$"));
        page.locator("#forgot-email input").fill(email);
        page.locator("#forgot-submit").click();
        assertThat(page.locator("#forgot-sent")).containsText("If an account with a password exists for " + email);
        screenshot("forgot-password-sent");

        page.navigate(url(new Inbox(SMTP, email).awaitResetPath(1)));
        page.locator("#reset-password input").fill("brand-new-secret-7");
        page.locator("#reset-confirmation input").fill("brand-new-secret-8");
        page.locator("#reset-submit").click();
        assertThat(page.locator("#reset-confirmation")).containsText("The two passwords are not the same");
        screenshot("reset-password-mismatch");
        page.locator("#reset-confirmation input").fill("brand-new-secret-7");
        page.locator("#reset-submit").click();
        assertThat(page.locator("#reset-done")).hasText("Your password was changed");

        page.locator("a", new Page.LocatorOptions().setHasText("Sign in")).click();
        signIn(page, email, TestData.PASSWORD);
        assertThat(page.locator("vaadin-login-form [part=error-message]").first()).containsText("Incorrect email or password");
        signIn(page, email, "brand-new-secret-7");
        assertThat(page.locator("#welcome")).containsText("Welcome to " + owner.principal().tenantName());

        // the other session ends at its next request (sessions are re-checked at most every 5 s)
        elsewhere.waitForTimeout(5_500);
        elsewhere.reload();
        assertThat(elsewhere.locator("vaadin-login-form [part=error-message]").first()).containsText("password was changed");
    }
}
