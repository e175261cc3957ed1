package io.flowmeter.e2e;

import io.flowmeter.support.BrowserTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** A new customer signs up, lands on the dashboard, signs out and signs in again. */
class SignUpFlowE2ETest extends BrowserTest {

    @Test
    void signUpDashboardSignOutSignIn() {
        String unique = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String email = unique + "@example.com";

        page.navigate(url("/"));
        assertThat(page.locator("vaadin-login-form")).isVisible(); // anonymous visitors land on sign-in
        page.locator("a[href='signup']").click();

        page.locator("#signup-name input").fill("Edith Clarke");
        page.locator("#signup-email input").fill(email);
        page.locator("#signup-password input").fill("correct-horse-42");
        page.locator("#signup-organization input").fill("Clarke " + unique);
        assertThat(page.locator("#signup-slug input")).hasValue("clarke-" + unique);
        page.locator("#signup-submit").click();

        assertThat(page.locator("#welcome")).containsText("Welcome to Clarke " + unique + ", Edith");
        assertThat(page.locator("vaadin-side-nav-item", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Settings"))).isVisible();

        page.locator("#user-menu vaadin-menu-bar-button:not([hidden])").click();
        page.locator("vaadin-menu-bar-item", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Sign out")).click();
        assertThat(page.locator("vaadin-login-form")).isVisible();

        signIn(page, email, "wrong-password-1");
        assertThat(page.locator("vaadin-login-form [part=error-message]").first()).containsText("Incorrect email or password");

        signIn(page, email, "correct-horse-42");
        assertThat(page.locator("#welcome")).containsText("Welcome to Clarke " + unique);
    }
}
