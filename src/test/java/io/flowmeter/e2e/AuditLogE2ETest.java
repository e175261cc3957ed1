package io.flowmeter.e2e;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.flowmeter.support.BrowserTest;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * An owner's failed and successful sign-ins show in the organization's audit log with where they came from; an
 * entry opens with its details, and the log downloads as CSV.
 */
class AuditLogE2ETest extends BrowserTest {

    @Autowired TestData data;

    @Test
    void anOwnerSeesTheirSignInsInTheAuditLogOpensOneAndDownloadsTheLog() throws Exception {
        TestData.Owner owner = data.newTenant("audit-e2e");
        String email = owner.user().getEmail();

        page.navigate(url("/login"));
        signIn(page, email, "not-the-password");
        assertThat(page.locator("vaadin-login-form [part=error-message]").first()).isVisible();
        signIn(page, email, TestData.PASSWORD);
        assertThat(page.locator("h1.fm-page-title")).isVisible();

        page.navigate(url("/settings/audit"));
        assertThat(page.locator("h1.fm-page-title")).hasText("Audit log");
        Locator grid = page.locator("#audit-grid");
        assertThat(grid.locator("vaadin-grid-cell-content", new Locator.LocatorOptions().setHasText("Sign-in failed"))).isVisible();
        assertThat(grid.locator("vaadin-grid-cell-content", new Locator.LocatorOptions().setHasText("Signed in")).first()).isVisible();
        assertThat(grid.locator("vaadin-grid-cell-content", new Locator.LocatorOptions().setHasText("127.0.0.1")).first()).isVisible();
        screenshot("audit-log");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(java.util.regex.Pattern.compile("^Details of Signed in")))
                .first().click();
        Locator dialog = page.locator("vaadin-dialog-overlay");
        assertThat(dialog).containsText(email);
        assertThat(page.locator("#audit-after")).containsText("\"method\" : \"password\"");
        screenshot("audit-entry");
        page.locator("#audit-entry-close").click();
        assertThat(dialog).isHidden();

        page.locator("#audit-object input").fill("no such thing");
        assertThat(grid).containsText("Nothing matches these filters");
        page.locator("#audit-object input").fill("");
        assertThat(grid.locator("vaadin-grid-cell-content", new Locator.LocatorOptions().setHasText("Sign-in failed"))).isVisible();

        Download download = page.waitForDownload(() -> page.locator("#audit-export").click());
        String csv = Files.readString(download.path());
        org.assertj.core.api.Assertions.assertThat(download.suggestedFilename()).startsWith("audit-log-");
        org.assertj.core.api.Assertions.assertThat(csv).startsWith("at,actor_kind,actor,ip").contains("user.sign_in_failed")
                .contains("user.signed_in").contains(email);
    }
}
