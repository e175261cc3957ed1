package io.flowmeter.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Download;
import io.flowmeter.analytics.domain.AssumptionKind;
import io.flowmeter.analytics.service.RoiService;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.support.BrowserTest;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ROI as a user sees it: a workflow's value set with its evidence in the builder, runs (one failing), and the ROI
 * dashboard showing the hours, money and net value with a drawn chart; the workflows table downloaded as CSV; the
 * statement emailed weekly to a chosen member, sent once now.
 */
class RoiE2ETest extends BrowserTest {

    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;
    @Autowired RoiService roi;
    @Autowired ObjectMapper json;
    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

    TestData.Owner owner;

    private <T> T inTenant(Callable<T> work) {
        TestData.signInAs(owner);
        return TenantContext.callAsTenant(owner.tenantId(), () -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aWorkflowsValueShowsOnTheDashboardInHoursMoneyAndNetValue() throws Exception {
        owner = data.newTenant("roi-e2e");
        UUID workflow = inTenant(() -> {
            roi.change(List.of(new RoiService.Change(AssumptionKind.HOURLY_RATE, "", null, new BigDecimal("48"), null, null),
                            new RoiService.Change(AssumptionKind.TRIAGE_MINUTES, "", new BigDecimal("10"), null, null, null)),
                    new RoiService.Evidence("payroll 2026", null, "high", "measured", roi.today().minusDays(3)));
            UUID id = workflows.create(json.readValue("""
                    {"name": "Invoice intake", "nodes": [{"id": "t", "type": "trigger.manual"},
                      {"id": "read", "name": "Read the invoice", "type": "core.transform", "params": {"value": {"total": "{{trigger.invoice.total}}"}}}],
                     "edges": [{"from": "t", "to": "read"}]}""", WorkflowDefinition.class)).getId();
            workflows.publish(id);
            return id;
        });
        page.navigate(url("/"));
        signIn(page, owner.user().getEmail(), TestData.PASSWORD);
        assertThat(page.locator("#welcome")).isVisible();

        // the value per run, with its evidence, from the builder
        page.navigate(url("/workflows/" + workflow));
        awaitBuilderSettled(page);
        clickUntilVisible(page, "#builder-value", "#value-minutes input");
        page.locator("#value-minutes input").fill("15");
        page.locator("#value-evidence textarea").fill("Timed 20 invoices keyed in by hand");
        page.locator("#value-save").click();
        assertThat(page.locator("vaadin-notification-card").last()).containsText("Value per run saved");

        inTenant(() -> {
            for (int i = 0; i < 4; i++) {
                completions.await(runs.start(workflow, Map.of("invoice", Map.of("total", 100 + i)), "manual"), Duration.ofSeconds(10));
            }
            completions.await(runs.start(workflow, Map.of(), "manual"), Duration.ofSeconds(10)); // no invoice: fails
            return null;
        });

        // 4 runs x 15 min = 1 h at 48/h; a failure's 10 triage minutes cost 8.00
        page.navigate(url("/roi"));
        assertThat(page.locator("#roi-hours-figure")).hasText("1.0 h");
        assertThat(page.locator("#roi-value-figure")).hasText("48.00 EUR");
        assertThat(page.locator("#roi-cost-figure")).hasText("8.00 EUR");
        assertThat(page.locator("#roi-net-figure")).hasText("40.00 EUR");
        assertThat(page.locator("#roi-runs-line")).containsText("80 % succeeded");
        // the chart drew something on its canvas
        page.waitForFunction("""
                () => { const host = document.querySelector('#roi-trend-chart');
                  const c = host && host.shadowRoot ? host.shadowRoot.querySelector('canvas') : null;
                  if (!c || c.width === 0) return false;
                  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true; return false; }""");
        screenshot("roi-dashboard");
        // a notice raised by the alert sweep shows until it is dismissed
        TenantContext.runAsPlatform(() -> jdbc.update("""
                insert into roi_alerts (id, tenant_id, workflow_id, kind, local_day, message, baseline, actual, emailed_to)
                values (?, ?, ?, 'VOLUME_DROP', current_date - 1, 'Invoice intake ran 4 times on Mon 30 Nov 2026, against 41.5 on an average Monday of the 4 weeks before', 41.5, 4, 1)
                """, UUID.randomUUID(), owner.tenantId(), workflow));
        page.navigate(url("/roi"));
        assertThat(page.locator("#roi-alerts")).containsText("1 notice needs a look");
        screenshot("roi-dashboard-alert");
        page.locator("#roi-alerts vaadin-button").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Dismiss")).click();
        assertThat(page.locator("#roi-alerts")).isHidden();
        page.locator("#roi-trend").scrollIntoViewIfNeeded();
        screenshot("roi-dashboard-trend");
        page.locator("#roi-costs").scrollIntoViewIfNeeded();
        screenshot("roi-dashboard-workflows");

        Download download = page.waitForDownload(() -> page.locator("#roi-csv-workflows").click());
        String csv = Files.readString(download.path());
        assertThat(csv).contains(workflow + ",Invoice intake,5,4,1,60,1,48.00,8.00,");
        assertThat(download.suggestedFilename()).startsWith("roi-workflows-");

        // the statement by email: weekly, to the owner, sent now with the PDF attached
        page.navigate(url("/settings/roi"));
        page.locator("#statement-cadence").click();
        page.locator("vaadin-select-item").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Weekly")).click();
        page.locator("#statement-recipients input").click();
        page.locator("vaadin-multi-select-combo-box-item").filter(new com.microsoft.playwright.Locator.FilterOptions()
                .setHasText(owner.user().getEmail())).click();
        page.keyboard().press("Escape");
        page.locator("#statement-save").click();
        assertThat(page.locator("#statement-status")).containsText("Nothing sent yet.");
        page.locator("#statement-send").click();
        assertThat(page.locator("#statement-status")).containsText("was sent to 1 member");
        screenshot("roi-settings-statement");
        var mail = new io.flowmeter.support.Inbox(SMTP, owner.user().getEmail()).await(1).get(0);
        assertThat(mail.getSubject()).startsWith("Flowmeter ROI statement, ");
        assertThat(((jakarta.mail.internet.MimeMultipart) mail.getContent()).getCount()).isEqualTo(2);
    }
}
