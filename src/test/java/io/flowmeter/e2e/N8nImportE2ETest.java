package io.flowmeter.e2e;

import io.flowmeter.support.BrowserTest;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Switching from n8n as a user does it: an n8n export uploaded on the Workflows screen, the list of what was not
 * imported, then the draft's graph in the builder with the placeholders flagged and publishing held back.
 */
class N8nImportE2ETest extends BrowserTest {

    @Autowired TestData data;

    @Test
    void anUploadedN8nExportOpensAsAGraphWithItsUnsupportedNodesFlagged() throws Exception {
        var owner = data.newTenant("n8n-e2e");
        Path file = Files.createTempFile("orders-", ".json");
        try (var in = getClass().getResourceAsStream("/n8n/orders-1x.json")) {
            Files.write(file, in.readAllBytes());
        }
        page.navigate(url("/workflows"));
        signIn(page, owner.user().getEmail(), TestData.PASSWORD);
        page.navigate(url("/workflows"));
        // New workflow: blank, a template, or import
        page.locator("#workflow-template-first").click();
        assertThat(page.locator(".fm-template").first()).isVisible();
        page.waitForTimeout(400); // the dialog fades in
        screenshot("new-workflow-templates");
        page.locator("#new-import").click();
        page.locator("#import-upload input[type=file]").setInputFiles(file);
        assertThat(page.locator("#import-summary")).hasText("Imported “Large orders to Slack, the rest to the sheet”: 6 of 8 steps work as they are.");
        assertThat(page.locator("#import-unsupported")).containsText("Log the failure (placeholder)");
        screenshot("n8n-import-result");
        page.locator("#import-open").click();
        page.waitForURL(u -> u.matches(".*/workflows/[0-9a-f-]{36}$"));
        // every node on the canvas, by its n8n name
        assertThat(page.locator(".react-flow__node")).hasCount(8);
        assertThat(page.locator(".react-flow__node").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Log the failure")))
                .hasCount(1);
        assertThat(page.locator("#builder-problems")).containsText("problems");
        assertThat(page.locator("#builder-publish")).isDisabled();
        page.waitForTimeout(500);
        screenshot("n8n-import-builder");
    }
}
