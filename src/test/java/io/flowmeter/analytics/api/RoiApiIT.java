package io.flowmeter.analytics.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ROI end to end over REST on real runs: settings and a workflow's value with evidence, runs that succeed and one that
 * fails, the summary to the cent (at once, and after the rollup: never counted twice), a rate change that does not
 * rewrite the past, an explicit restatement that does, another organization that sees none of it, and bad input.
 */
class RoiApiIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired JdbcTemplate jdbc;

    ApiClient api;
    String key;
    String otherKey;

    @BeforeEach
    void keys() {
        api = new ApiClient(port);
        key = data.apiKeyFor(data.newTenant("roi"));
        otherKey = data.apiKeyFor(data.newTenant("roi-other"));
    }

    JsonNode ok(String method, String path, String body, String apiKey, int status) throws Exception {
        var answer = api.call(method, path, body, apiKey);
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(status);
        return api.body(answer);
    }

    JsonNode summary(String apiKey) throws Exception {
        return ok("GET", "/api/v1/analytics/summary?from=" + today().minusDays(6) + "&to=" + today(), null, apiKey, 200);
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    int unrolled() {
        Integer count = TenantContext.callAsPlatform(() -> jdbc.queryForObject("select count(*) from roi_facts where not rolled and status is distinct from 'PENDING'",
                Integer.class));
        return count == null ? 0 : count;
    }

    @Test
    void theSummaryShowsTimeAndMoneySavedNetOfCostsToTheCent() throws Exception {
        ok("PUT", "/api/v1/analytics/settings", """
                {"currency": "EUR", "timeZone": "UTC", "hourlyRate": "50.00", "triageMinutesPerFailure": 6,
                 "callFees": [{"type": "core.noop", "fee": "0.02"}],
                 "evidence": "Loaded cost of a support agent, HR 2026 budget", "confidence": "high", "basis": "measured",
                 "effectiveFrom": "%s"}
                """.formatted(today().minusDays(30)), key, 200);
        var created = ok("POST", "/api/v1/workflows", """
                {"name": "Orders to CRM", "nodes": [{"id": "start", "type": "trigger.manual"},
                  {"id": "copy", "type": "core.noop", "value": {"minutes": 3, "evidence": "timed 10 copies", "confidence": "medium"}},
                  {"id": "check", "type": "core.transform", "params": {"value": {"order": "{{trigger.order.id}}"}}}],
                 "edges": [{"from": "start", "to": "copy"}, {"from": "copy", "to": "check"}]}
                """, key, 201);
        String workflow = created.get("id").asText();
        ok("POST", "/api/v1/workflows/" + workflow + "/publish", null, key, 201);
        var value = ok("POST", "/api/v1/workflows/" + workflow + "/value", """
                {"minutesPerRun": 5, "evidence": "the team logs 5 minutes per order", "evidenceUrl": "https://wiki.example.com/orders",
                 "confidence": "high", "basis": "measured", "effectiveFrom": "%s"}
                """.formatted(today().minusDays(30)), key, 201);
        assertThat(value.get("owner").asText()).isNotBlank();
        assertThat(value.get("confidence").asText()).isEqualTo("high");

        for (int i = 0; i < 3; i++) {
            String run = ok("POST", "/api/v1/workflows/" + workflow + "/runs", "{\"order\": {\"id\": " + i + "}}", key, 202).get("runId").asText();
            assertThat(api.awaitRun(run, key).at("/run/status").asText()).isEqualTo("SUCCEEDED");
        }
        String failing = ok("POST", "/api/v1/workflows/" + workflow + "/runs", "{}", key, 202).get("runId").asText();
        assertThat(api.awaitRun(failing, key).at("/run/status").asText()).isEqualTo("FAILED");

        // within 5 s of the last run settling (read at once: the facts not rolled up yet count too)
        Instant deadline = Instant.now().plusSeconds(5);
        JsonNode s = summary(key);
        while (s.get("runs").asLong() < 4 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            s = summary(key);
        }
        // 3 runs x 5 min + 3 x 3 min (the failed run's step saved nothing) = 24 min at 50/h = 20.00;
        // costs: 4 noop calls x 0.02 + 6 triage minutes at 50/h = 0.08 + 5.00
        assertThat(s.get("currency").asText()).isEqualTo("EUR");
        assertThat(s.get("runs").asLong()).isEqualTo(4);
        assertThat(s.get("succeeded").asLong()).isEqualTo(3);
        assertThat(s.get("failed").asLong()).isEqualTo(1);
        assertThat(s.get("minutesSaved").asText()).isEqualTo("24");
        assertThat(s.get("hoursSaved").asText()).isEqualTo("0.4");
        assertThat(s.get("valueSaved").asText()).isEqualTo("20.00");
        assertThat(s.get("cost").asText()).isEqualTo("5.08");
        assertThat(s.get("net").asText()).isEqualTo("14.92");
        assertThat(s.at("/costs/calls").asText()).isEqualTo("0.08");
        assertThat(s.at("/costs/failures").asText()).isEqualTo("5.00");
        assertThat(s.at("/valueByConfidence/high").asText()).isEqualTo("12.50");
        assertThat(s.at("/valueByConfidence/medium").asText()).isEqualTo("7.50");
        assertThat(s.get("successRate").asText()).isEqualTo("0.75");
        assertThat(s.at("/previous/runs").asLong()).isZero();

        var series = ok("GET", "/api/v1/analytics/series?from=" + today().minusDays(2) + "&to=" + today() + "&interval=day&workflowId=" + workflow,
                null, key, 200);
        assertThat(series.get("points")).hasSize(3);
        assertThat(series.at("/points/2/period").asText()).isEqualTo(today().toString());
        assertThat(series.at("/points/2/net").asText()).isEqualTo("14.92");
        assertThat(series.at("/points/0/runs").asLong()).isZero();

        // the rollup takes the facts in, and the figures stay the same: counted once
        deadline = Instant.now().plusSeconds(20);
        while (unrolled() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(unrolled()).isZero();
        assertThat(summary(key).get("net").asText()).isEqualTo("14.92");

        // a new rate effective from the past applies to new facts only: the past is not rewritten silently
        ok("PUT", "/api/v1/analytics/settings", """
                {"hourlyRate": "60", "evidence": "new salary bands", "confidence": "medium", "effectiveFrom": "%s"}
                """.formatted(today().minusDays(10)), key, 200);
        assertThat(summary(key).get("valueSaved").asText()).isEqualTo("20.00");
        // ...until it is restated, explicitly and on the record
        var restated = ok("POST", "/api/v1/analytics/restatements", """
                {"from": "%s", "reason": "salary bands changed on the 1st"}
                """.formatted(today().minusDays(10)), key, 201);
        assertThat(restated.get("valueBefore").asText()).isEqualTo("20.00");
        assertThat(restated.get("valueAfter").asText()).isEqualTo("24.00");
        assertThat(restated.get("costAfter").asText()).isEqualTo("6.08");
        s = summary(key);
        assertThat(s.get("valueSaved").asText()).isEqualTo("24.00");
        assertThat(s.get("net").asText()).isEqualTo("17.92");
        assertThat(s.get("restatements")).hasSize(1);
        assertThat(s.at("/restatements/0/reason").asText()).isEqualTo("salary bands changed on the 1st");
        deadline = Instant.now().plusSeconds(20);
        while (unrolled() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(summary(key).get("net").asText()).isEqualTo("17.92");

        // the tables as CSV: a row per workflow and a total; text a spreadsheet would run stays text
        var csv = api.call("GET", "/api/v1/analytics/report.csv?from=" + today().minusDays(6) + "&to=" + today(), null, key);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("roi-workflows-");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("workflow_id,workflow,runs,succeeded,failed,minutes_saved,hours_saved,value_saved,cost");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith(workflow + ",Orders to CRM,4,3,1,24,0.4,24.00,6.08,"));
        assertThat(lines.get(lines.size() - 1)).startsWith("\"\",Total,4,3,1,").contains(",17.92,EUR");
        var seriesCsv = api.call("GET", "/api/v1/analytics/report.csv?table=series&interval=week&from=" + today().minusDays(6) + "&to=" + today(), null, key);
        assertThat(seriesCsv.body().lines().findFirst().orElse("")).startsWith("period_start,runs");
        assertThat(api.call("GET", "/api/v1/analytics/report.csv?table=everything", null, key).statusCode()).isEqualTo(400);

        // the statement as PDF: its text has the organization, the figures and the evidence; its first page is drawn
        var pdf = api.callBytes("GET", "/api/v1/analytics/report.pdf?from=" + today().minusDays(6) + "&to=" + today(), key);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/pdf");
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
            assertThat(text).contains("Org roi-").contains("Return on automation").contains("17.92 EUR").contains("24.00 EUR")
                    .contains("Orders to CRM").contains("the team logs 5 minutes per order").contains("Restatements").contains("salary bands changed");
            var page = new org.apache.pdfbox.rendering.PDFRenderer(document).renderImageWithDPI(0, 60);
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "e2e-screenshots"));
            javax.imageio.ImageIO.write(page, "png", java.nio.file.Path.of("target", "e2e-screenshots", "roi-statement-page-1.png").toFile());
            long inked = 0;
            for (int y = 0; y < page.getHeight(); y += 2) {
                for (int x = 0; x < page.getWidth(); x += 2) {
                    inked += (page.getRGB(x, y) & 0xffffff) != 0xffffff ? 1 : 0;
                }
            }
            assertThat(inked).isGreaterThan(500);
        }

        // the workflow's value keeps its history
        var history = ok("GET", "/api/v1/workflows/" + workflow + "/value", null, key, 200);
        assertThat(history.at("/current/minutes").asText()).isEqualTo("5");
        assertThat(history.get("history")).hasSize(1);
        var settings = ok("GET", "/api/v1/analytics/settings", null, key, 200);
        assertThat(settings.get("hourlyRate").asText()).isEqualTo("60.00");
        assertThat(settings.at("/callFees/0/type").asText()).isEqualTo("core.noop");
        assertThat(ok("GET", "/api/v1/analytics/assumptions", null, key, 200)).hasSize(5);

        // another organization sees none of it
        JsonNode other = summary(otherKey);
        assertThat(other.get("runs").asLong()).isZero();
        assertThat(other.get("valueSaved").asText()).isEqualTo("0.00");
        assertThat(api.call("GET", "/api/v1/workflows/" + workflow + "/value", null, otherKey).statusCode()).isEqualTo(404);
        assertThat(api.call("POST", "/api/v1/workflows/" + workflow + "/value", "{\"minutesPerRun\": 1}", otherKey).statusCode()).isEqualTo(404);
        assertThat(ok("GET", "/api/v1/analytics/summary?workflowId=" + workflow, null, otherKey, 404).get("status").asInt()).isEqualTo(404);
    }

    /** Rows in which roi_daily and roi_hourly summed per day differ for the tenant (both ways), and roi_daily's row count. */
    long[] dailyAgainstHourly(java.util.UUID tenant) {
        String sums = "sum(runs), sum(succeeded), sum(failed), sum(minutes_saved), sum(minutes_spent), sum(value_saved), sum(cost), "
                + "sum(cost_llm), sum(cost_calls), sum(cost_compute), sum(cost_people), sum(cost_failed), sum(value_low), sum(value_medium), "
                + "sum(value_high)";
        String hourly = "select workflow_id, version_id, max(version_number), local_day, currency, " + sums
                + " from roi_hourly where tenant_id = ? group by workflow_id, version_id, local_day, currency";
        String daily = "select workflow_id, version_id, version_number, local_day, currency, runs::bigint, succeeded::bigint, failed::bigint, "
                + "minutes_saved::numeric, minutes_spent::numeric, value_saved::numeric, cost::numeric, cost_llm::numeric, cost_calls::numeric, "
                + "cost_compute::numeric, cost_people::numeric, cost_failed::numeric, value_low::numeric, value_medium::numeric, value_high::numeric "
                + "from roi_daily where tenant_id = ?";
        return TenantContext.callAsPlatform(() -> jdbc.queryForObject("select (select count(*) from ((" + hourly + ") except (" + daily
                + ")) a) + (select count(*) from ((" + daily + ") except (" + hourly + ")) b), (select count(*) from roi_daily where tenant_id = ?)",
                (rs, i) -> new long[]{rs.getLong(1), rs.getLong(2)}, tenant, tenant, tenant, tenant, tenant));
    }

    void awaitRollup() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (unrolled() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(unrolled()).isZero();
    }

    /**
     * Reports read the rollup per day (roi_daily, kept by triggers on roi_hourly; the ROI benchmark's fix): after the
     * rollup adds new rows, after it adds to rows it has, and after a restatement takes facts out and puts them back
     * priced again, roi_daily holds exactly roi_hourly summed per day, and the summary read from it the facts' sums.
     */
    @Test
    void theDailyRollupReportsReadHoldsTheHourlyOneSummedPerDay() throws Exception {
        var owner = data.newTenant("roi-daily");
        String apiKey = data.apiKeyFor(owner);
        ok("PUT", "/api/v1/analytics/settings", """
                {"hourlyRate": "50.00", "triageMinutesPerFailure": 6, "callFees": [{"type": "core.noop", "fee": "0.02"}],
                 "evidence": "budget", "effectiveFrom": "%s"}
                """.formatted(today().minusDays(30)), apiKey, 200);
        String workflow = ok("POST", "/api/v1/workflows", """
                {"name": "Daily", "nodes": [{"id": "start", "type": "trigger.manual"},
                  {"id": "copy", "type": "core.noop", "value": {"minutes": 3}},
                  {"id": "check", "type": "core.transform", "params": {"value": {"order": "{{trigger.order.id}}"}}}],
                 "edges": [{"from": "start", "to": "copy"}, {"from": "copy", "to": "check"}]}
                """, apiKey, 201).get("id").asText();
        ok("POST", "/api/v1/workflows/" + workflow + "/publish", null, apiKey, 201);
        ok("POST", "/api/v1/workflows/" + workflow + "/value", """
                {"minutesPerRun": 5, "effectiveFrom": "%s"}""".formatted(today().minusDays(30)), apiKey, 201);
        for (String input : new String[]{"{\"order\": {\"id\": 1}}", "{\"order\": {\"id\": 2}}", "{}"}) {
            String run = ok("POST", "/api/v1/workflows/" + workflow + "/runs", input, apiKey, 202).get("runId").asText();
            api.awaitRun(run, apiKey);
        }
        awaitRollup();
        long[] first = dailyAgainstHourly(owner.tenantId());
        assertThat(first[1]).as("roi_daily rows").isPositive();
        assertThat(first[0]).as("rows that differ after the rollup added new ones").isZero();

        // more runs of the same hour: the rollup adds to the hourly rows it has (its ON CONFLICT update)
        for (int i = 3; i < 5; i++) {
            String run = ok("POST", "/api/v1/workflows/" + workflow + "/runs", "{\"order\": {\"id\": " + i + "}}", apiKey, 202).get("runId").asText();
            api.awaitRun(run, apiKey);
        }
        awaitRollup();
        assertThat(dailyAgainstHourly(owner.tenantId())[0]).as("rows that differ after the rollup added to its rows").isZero();
        assertThat(summary(apiKey).get("runs").asLong()).isEqualTo(5);

        // a restatement subtracts the facts from the rollup and the rollup adds them again, priced anew
        ok("PUT", "/api/v1/analytics/settings", """
                {"hourlyRate": "60", "evidence": "new bands", "effectiveFrom": "%s"}""".formatted(today().minusDays(10)), apiKey, 200);
        ok("POST", "/api/v1/analytics/restatements", """
                {"from": "%s", "reason": "new bands"}""".formatted(today().minusDays(10)), apiKey, 201);
        assertThat(dailyAgainstHourly(owner.tenantId())[0]).as("rows that differ after the restatement took the facts out").isZero();
        awaitRollup();
        assertThat(dailyAgainstHourly(owner.tenantId())[0]).as("rows that differ after the rollup put them back").isZero();
        var facts = TenantContext.callAsPlatform(() -> jdbc.queryForMap("""
                select count(*) filter (where kind = 'RUN') as runs, sum(value_saved) as value, sum(cost) as cost from roi_facts
                where tenant_id = ? and (kind <> 'VALUE' or status <> 'PENDING')""", owner.tenantId()));
        JsonNode s = summary(apiKey);
        assertThat(s.get("runs").asLong()).isEqualTo(((Number) facts.get("runs")).longValue());
        assertThat(s.get("valueSaved").asText()).isEqualTo(((java.math.BigDecimal) facts.get("value")).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString());
        assertThat(s.get("cost").asText()).isEqualTo(((java.math.BigDecimal) facts.get("cost")).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString());
        // 4 runs that succeeded saved 5 + 3 minutes each, at 60 an hour after the restatement
        assertThat(s.get("valueSaved").asText()).isEqualTo("32.00");
    }

    @Test
    void badInputIsAClearProblemAndChangesNothing() throws Exception {
        for (String[] bad : new String[][]{
                {"GET", "/api/v1/analytics/summary?from=yesterday", null},
                {"GET", "/api/v1/analytics/summary?from=2026-12-10&to=2026-12-01", null},
                {"GET", "/api/v1/analytics/summary?from=2000-01-01&to=2026-12-01", null},
                {"GET", "/api/v1/analytics/series?interval=year", null},
                {"GET", "/api/v1/analytics/summary?workflowId=not-a-uuid", null},
                {"PUT", "/api/v1/analytics/settings", "{\"currency\": \"EURO\"}"},
                {"PUT", "/api/v1/analytics/settings", "{\"timeZone\": \"Mars/Olympus\"}"},
                {"PUT", "/api/v1/analytics/settings", "{\"hourlyRate\": \"-5\"}"},
                {"PUT", "/api/v1/analytics/settings", "{\"hourlyRate\": \"fifty\"}"},
                {"PUT", "/api/v1/analytics/settings", "{\"hourlyRate\": 50, \"confidence\": \"sure\"}"},
                {"PUT", "/api/v1/analytics/settings", "{\"hourlyRate\": 50, \"evidenceUrl\": \"javascript:alert(1)\"}"},
                {"PUT", "/api/v1/analytics/settings", "{\"hourlyRate\": 50, \"evidence\": \"a\\u0000b\"}"},
                {"PUT", "/api/v1/analytics/settings", "{\"rates\": [{\"hourlyRate\": 50}]}"},
                {"PUT", "/api/v1/analytics/settings", "{\"memberRates\": [{\"email\": \"not an address\", \"rate\": \"partner\"}]}"},
                {"PUT", "/api/v1/analytics/settings", "{\"memberRates\": [{\"email\": \"grace@example.com\"}]}"},
                {"PUT", "/api/v1/analytics/settings", "{\"hourlyRate\": "},
                {"POST", "/api/v1/analytics/restatements", "{\"reason\": \"no day\"}"},
                {"POST", "/api/v1/analytics/restatements", "{\"from\": \"2026-01-01\"}"},
                {"POST", "/api/v1/workflows/" + java.util.UUID.randomUUID() + "/value", "{\"minutesPerRun\": 5}"}}) {
            var answer = api.call(bad[0], bad[1], bad[2], key);
            assertThat(answer.statusCode()).as(bad[1] + " " + bad[2] + ": " + answer.body()).isBetween(400, 499);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
            assertThat(api.body(answer).get("detail").asText()).isNotBlank();
        }
        assertThat(ok("GET", "/api/v1/analytics/assumptions", null, key, 200)).isEmpty();
        var settings = ok("GET", "/api/v1/analytics/settings", null, key, 200);
        assertThat(settings.get("currency").asText()).isEqualTo("EUR");
        assertThat(settings.get("hourlyRate").isNull()).isTrue();
    }

    @Test
    void aMembersOwnRateIsSetWithEvidenceAndListed() throws Exception {
        var settings = ok("PUT", "/api/v1/analytics/settings", """
                {"rates": [{"name": "partner", "hourlyRate": "300"}], "memberRates": [{"email": " Grace@Example.com ", "rate": "partner"}],
                 "evidence": "partner billing rate", "confidence": "high"}
                """, key, 200);
        assertThat(settings.get("memberRates")).hasSize(1);
        assertThat(settings.get("memberRates").get(0).get("email").asText()).isEqualTo("grace@example.com");
        assertThat(settings.get("memberRates").get(0).get("rate").asText()).isEqualTo("partner");
        var assumptions = ok("GET", "/api/v1/analytics/assumptions", null, key, 200);
        assertThat(assumptions.findValuesAsText("kind")).contains("MEMBER_RATE");
        assertThat(ok("GET", "/api/v1/analytics/settings", null, otherKey, 200).get("memberRates")).isEmpty();
    }
}
