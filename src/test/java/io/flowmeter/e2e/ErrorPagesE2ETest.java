package io.flowmeter.e2e;

import io.flowmeter.support.BrowserTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Typed or bookmarked addresses that lead nowhere, or to a screen the person may not open, in a real browser. */
class ErrorPagesE2ETest extends BrowserTest {

    @Autowired TestData data;

    @Test
    void unknownAndForbiddenAddressesShowPagesInsideTheShell() {
        page.navigate(url("/no-such-page"));
        assertThat(page.locator("vaadin-login-form")).isVisible(); // signed out: sign in first

        Owner owner = data.newTenant("e2e-errors");
        signIn(page, owner.user().getEmail(), TestData.PASSWORD);
        assertThat(page.locator("#not-found")).containsText("There is no page at /no-such-page"); // back where they were going
        assertThat(page.locator("#user-menu")).isVisible(); // inside the app's layout
        assertThat(page.locator("body")).not().containsText("Available routes");
        screenshot("not-found");

        page.navigate(url("/admin"));
        assertThat(page.locator("#access-denied")).containsText("You do not have access");
        screenshot("access-denied");
        page.locator("#error-home").click();
        assertThat(page.locator("#welcome")).containsText("Welcome to " + owner.principal().tenantName());
    }
}
