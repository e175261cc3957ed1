package io.flowmeter.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.flowmeter.support.BrowserTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The platform admin creates a tenant, its owner joins through the invitation link, the admin suspends the
 * tenant, and the owner is refused at sign-in with a clear message.
 */
class SuspendTenantE2ETest extends BrowserTest {

    @Test
    void adminCreatesAndSuspendsATenantWhoseMemberIsThenRefused() {
        String slug = "e2e-suspend-" + UUID.randomUUID().toString().substring(0, 6);
        String ownerEmail = "owner-" + slug + "@example.com";

        page.navigate(url("/login"));
        signIn(page, "admin@flowmeter.local", "platform-flowmeter-1");
        assertThat(page.locator("h1.fm-page-title")).hasText("Tenants");

        page.locator("#new-tenant").click();
        page.locator("#tenant-name input").fill("Suspend Me " + slug);
        assertThat(page.locator("#tenant-slug input")).hasValue("suspend-me-" + slug); // suggested from the name
        page.locator("#tenant-slug input").fill(slug);
        page.locator("#tenant-owner input").fill(ownerEmail);
        page.locator("#tenant-create").click();
        var inviteField = page.locator("#owner-invite-link input");
        assertThat(inviteField).hasValue(java.util.regex.Pattern.compile(".*/invite/inv_.*"));
        String link = inviteField.inputValue();
        page.locator("vaadin-button", new Page.LocatorOptions().setHasText("Done")).click();

        // the owner accepts the invitation in their own browser
        var ownerContext = newBrowserContext();
        Page owner = ownerContext.newPage();
        owner.navigate(url(link.substring(link.indexOf("/invite/"))));
        owner.locator("#invite-name input").fill("Olga Owner");
        owner.locator("#invite-password input").fill("correct-horse-42");
        owner.locator("#invite-accept").click();
        assertThat(owner.locator("#welcome")).containsText("Welcome to Suspend Me " + slug);

        // the admin suspends the tenant
        page.locator("#tenant-search input").fill(slug);
        assertThat(page.locator("vaadin-button", new Page.LocatorOptions().setHasText("Quotas"))
                .filter(new Locator.FilterOptions().setVisible(true))).hasCount(1); // the grid shows the filtered result
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Suspend Suspend Me " + slug))
                .filter(new Locator.FilterOptions().setVisible(true)).click();
        page.locator("vaadin-button[slot='confirm-button']").click();
        assertThat(page.locator("vaadin-grid-cell-content", new Page.LocatorOptions().setHasText("Suspended"))).isVisible();

        // the owner's open session ends at their next request
        owner.waitForTimeout(5_500); // sessions re-check their tenant at most every 5 s
        owner.reload();
        assertThat(owner.locator("vaadin-login-form [part=error-message]").first()).containsText("signed out");
        ownerContext.close();

        // ...and the owner can no longer sign in
        var laterContext = newBrowserContext();
        Page later = laterContext.newPage();
        later.navigate(url("/login"));
        signIn(later, ownerEmail, "correct-horse-42");
        assertThat(later.locator("vaadin-login-form [part=error-message]").first()).containsText("suspended");
        laterContext.close();
    }
}
