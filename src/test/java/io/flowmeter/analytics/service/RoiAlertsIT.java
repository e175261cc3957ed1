package io.flowmeter.analytics.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.Inbox;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ROI alerts on a real database: a workflow whose runs fell to a fraction of the same weekday's baseline, one whose
 * value fell while its runs held, one whose schedule missed a fire; each raised once, emailed to the admins, listed
 * over REST to its own organization only, and dismissed once.
 */
class RoiAlertsIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired JdbcTemplate jdbc;
    @Autowired RoiAlerts alerts;

    ApiClient api;
    TestData.Owner owner;
    String key;
    String otherKey;

    @BeforeEach
    void tenants() {
        api = new ApiClient(port);
        owner = data.newTenant("alerts");
        key = data.apiKeyFor(owner);
        otherKey = data.apiKeyFor(data.newTenant("alerts-other"));
    }

    JsonNode ok(String method, String path, String body, String apiKey, int status) throws Exception {
        var answer = api.call(method, path, body, apiKey);
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(status);
        return api.body(answer);
    }

    UUID workflow(String name, String trigger) throws Exception {
        var created = ok("POST", "/api/v1/workflows", """
                {"name": "%s", "nodes": [%s, {"id": "n", "type": "core.noop"}], "edges": [{"from": "t", "to": "n"}]}
                """.formatted(name, trigger), key, 201);
        UUID id = UUID.fromString(created.get("id").asText());
        ok("POST", "/api/v1/workflows/" + id + "/publish", null, key, 201);
        return id;
    }

    /** One day of a workflow's rollup, as the rollup would write it. */
    void day(UUID workflowId, LocalDate day, int runs, String value) {
        TenantContext.runAsPlatform(() -> jdbc.update("""
                insert into roi_daily (tenant_id, workflow_id, version_id, version_number, local_day, currency, runs, succeeded, value_saved)
                values (?, ?, ?, 1, ?, 'EUR', ?, ?, ?::numeric)
                """, owner.tenantId(), workflowId, UUID.randomUUID(), day, runs, runs, value));
    }

    @Test
    void dropsAgainstTheSameWeekdayAndAMissedScheduleRaiseOneAlertEachEmailedToTheAdmins() throws Exception {
        Instant now = Instant.now();
        LocalDate yesterday = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1);
        UUID fewer = workflow("Invoices in", "{\"id\": \"t\", \"type\": \"trigger.manual\"}");
        UUID cheaper = workflow("Leads scored", "{\"id\": \"t\", \"type\": \"trigger.manual\"}");
        UUID steady = workflow("Steady", "{\"id\": \"t\", \"type\": \"trigger.manual\"}");
        UUID scheduled = workflow("Nightly export", "{\"id\": \"t\", \"type\": \"trigger.schedule\", \"params\": {\"interval\": \"PT1H\"}}");
        for (int week = 1; week <= 4; week++) {
            day(fewer, yesterday.minusWeeks(week), 40, "80");
            day(cheaper, yesterday.minusWeeks(week), 20, "100");
            day(steady, yesterday.minusWeeks(week), 10, "10");
            // other weekdays do not count
            day(steady, yesterday.minusWeeks(week).plusDays(1), 500, "10");
        }
        day(fewer, yesterday, 12, "24");
        day(cheaper, yesterday, 20, "30");
        day(steady, yesterday, 9, "9");
        // the schedule last fired two hours ago: due an hour ago
        TenantContext.runAsPlatform(() -> jdbc.update("""
                insert into schedules (workflow_id, tenant_id, last_fired_at) values (?, ?, now() - interval '2 hours')
                on conflict (workflow_id) do update set last_fired_at = excluded.last_fired_at
                """, scheduled, owner.tenantId()));

        List<RoiAlert> raised = TenantContext.callAsTenant(owner.tenantId(), () -> alerts.check(owner.tenantId(), now));
        assertThat(raised).extracting(RoiAlert::workflowId, a -> a.kind().name())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(fewer, "VOLUME_DROP"),
                        org.assertj.core.groups.Tuple.tuple(cheaper, "VALUE_DROP"), org.assertj.core.groups.Tuple.tuple(scheduled, "MISSED_SCHEDULE"));
        RoiAlert volume = raised.stream().filter(a -> a.workflowId().equals(fewer)).findFirst().orElseThrow();
        assertThat(volume.message()).startsWith("Invoices in ran 12 times on ").contains("against 40 on an average "
                + yesterday.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH) + " of the 4 weeks before");
        RoiAlert value = raised.stream().filter(a -> a.workflowId().equals(cheaper)).findFirst().orElseThrow();
        assertThat(value.message()).contains("saved EUR 30.00").contains("against EUR 100.00");

        var inbox = new Inbox(SMTP, owner.user().getEmail());
        var mails = inbox.await(3);
        assertThat(mails).extracting(m -> {
            try {
                return m.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).anyMatch(s -> s.startsWith("Flowmeter: runs dropped — Invoices in ran 12 times"))
                .anyMatch(s -> s.startsWith("Flowmeter: missed its schedule — Nightly export was due"));
        assertThat(Inbox.text(mails.get(0))).contains("/roi/workflows/");

        // looked at again (this node or another): nothing new, nothing sent again
        assertThat(TenantContext.callAsTenant(owner.tenantId(), () -> alerts.check(owner.tenantId(), now.plus(Duration.ofMinutes(10))))).isEmpty();
        alerts.forgetJudged();
        assertThat(TenantContext.callAsTenant(owner.tenantId(), () -> alerts.check(owner.tenantId(), now.plus(Duration.ofMinutes(20))))).isEmpty();
        Thread.sleep(300);
        assertThat(inbox.messages()).hasSize(3);

        // over REST: this organization's only
        var listed = ok("GET", "/api/v1/analytics/alerts", null, key, 200);
        assertThat(listed).hasSize(3);
        assertThat(listed.get(0).get("emailedTo").asInt()).isEqualTo(1);
        assertThat(ok("GET", "/api/v1/analytics/alerts?workflowId=" + fewer, null, key, 200)).hasSize(1);
        assertThat(ok("GET", "/api/v1/analytics/alerts", null, otherKey, 200)).isEmpty();
        String id = ok("GET", "/api/v1/analytics/alerts?workflowId=" + fewer, null, key, 200).get(0).get("id").asText();
        assertThat(api.call("POST", "/api/v1/analytics/alerts/" + id + "/dismiss", null, otherKey).statusCode()).isEqualTo(404);
        assertThat(api.call("POST", "/api/v1/analytics/alerts/" + id + "/dismiss", null, key).statusCode()).isEqualTo(204);
        assertThat(api.call("POST", "/api/v1/analytics/alerts/" + id + "/dismiss", null, key).statusCode()).isEqualTo(404);
        assertThat(api.call("POST", "/api/v1/analytics/alerts/not-an-id/dismiss", null, key).statusCode()).isEqualTo(400);
        assertThat(ok("GET", "/api/v1/analytics/alerts", null, key, 200)).hasSize(2);
    }
}
