package io.flowmeter.e2e;

import com.microsoft.playwright.Download;
import io.flowmeter.support.BrowserTest;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** An owner exports the organization's data from Settings, watches it build, downloads the zip once, and cannot again. */
class DataExportE2ETest extends BrowserTest {

    @Autowired TestData data;

    @Test
    void anOwnerExportsTheOrganizationAndDownloadsItOnce() throws Exception {
        TestData.Owner owner = data.newTenant("export-e2e");
        page.navigate(url("/login"));
        signIn(page, owner.user().getEmail(), TestData.PASSWORD);
        assertThat(page.locator("h1.fm-page-title")).isVisible();

        page.navigate(url("/settings/export"));
        assertThat(page.locator("h1.fm-page-title")).hasText("Data export");
        assertThat(page.locator("#export-status")).hasText("No export yet");
        page.locator("#export-start").click();
        assertThat(page.locator("#export-status")).hasText("Ready to download",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(60_000));
        screenshot("data-export-ready");

        Download download = page.waitForDownload(() -> page.locator("#export-download").click());
        org.assertj.core.api.Assertions.assertThat(download.suggestedFilename()).startsWith("flowmeter-export-").endsWith(".zip");
        List<String> names = new ArrayList<>();
        try (var zip = new ZipInputStream(Files.newInputStream(download.path()))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        org.assertj.core.api.Assertions.assertThat(names).contains("manifest.json", "workflows.json", "members.csv", "audit-log.csv");

        assertThat(page.locator("#export-status")).containsText("Downloaded");
        assertThat(page.locator("#export-download")).hasCount(0);
        screenshot("data-export-downloaded");
    }
}
