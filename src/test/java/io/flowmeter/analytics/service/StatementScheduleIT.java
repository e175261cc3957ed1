package io.flowmeter.analytics.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.Inbox;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ROI statement emailed on a schedule, on a real database and SMTP server: chosen members only, nothing for the
 * periods before it was set up, the period that ended sent once with the PDF attached (however often the sweep runs),
 * "send now", and bad input refused.
 */
class StatementScheduleIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired JdbcTemplate jdbc;
    @Autowired StatementSweep sweep;

    ApiClient api;
    TestData.Owner owner;
    String key;

    @BeforeEach
    void tenant() {
        api = new ApiClient(port);
        owner = data.newTenant("statements");
        key = data.apiKeyFor(owner);
    }

    JsonNode ok(String method, String path, String body, int status) throws Exception {
        var answer = api.call(method, path, body, key);
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(status);
        return api.body(answer);
    }

    static LocalDate lastSunday() {
        return LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusDays(1);
    }

    @Test
    void theWeeklyStatementGoesOnceToTheChosenMembersWithThePdfAttached() throws Exception {
        assertThat(ok("GET", "/api/v1/analytics/statements/schedule", null, 200).get("cadence").isNull()).isTrue();
        String me = owner.user().getId().toString();
        var saved = ok("PUT", "/api/v1/analytics/statements/schedule", """
                {"cadence": "weekly", "recipients": ["%s"]}""".formatted(me), 200);
        assertThat(saved.get("cadence").asText()).isEqualTo("weekly");
        assertThat(saved.get("recipients").get(0).asText()).isEqualTo(me);
        // nothing is sent for the week that ended before it was set up
        assertThat(saved.get("sentThrough").asText()).isEqualTo(lastSunday().toString());
        var inbox = new Inbox(SMTP, owner.user().getEmail());
        sweep.sweep();
        Thread.sleep(200);
        assertThat(inbox.messages()).isEmpty();

        // a week later (as far as the schedule can tell): the week that ended is sent, once
        TenantContext.runAsPlatform(() -> jdbc.update("update roi_statement_schedules set sent_through = sent_through - 7 where tenant_id = ?",
                owner.tenantId()));
        sweep.sweep();
        sweep.sweep();
        MimeMessage mail = inbox.await(1).get(0);
        LocalDate from = lastSunday().minusDays(6);
        assertThat(mail.getSubject()).isEqualTo("Flowmeter ROI statement, " + from + " to " + lastSunday());
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        BodyPart pdf = null;
        for (int i = 0; i < parts.getCount(); i++) {
            if ("application/pdf".equals(parts.getBodyPart(i).getContentType().split(";")[0].strip().toLowerCase())) {
                pdf = parts.getBodyPart(i);
            }
        }
        assertThat(pdf).as("a PDF attachment").isNotNull();
        assertThat(pdf.getFileName()).isEqualTo("roi-statement-" + from + "-to-" + lastSunday() + ".pdf");
        try (var document = Loader.loadPDF(pdf.getInputStream().readAllBytes())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Return on automation, " + from + " to " + lastSunday()).contains(owner.principal().tenantName());
        }
        var after = ok("GET", "/api/v1/analytics/statements/schedule", null, 200);
        assertThat(after.get("lastResult").asText()).endsWith("was sent to 1 member");
        assertThat(after.get("sentThrough").asText()).isEqualTo(lastSunday().toString());
        Thread.sleep(300);
        assertThat(inbox.messages()).hasSize(1);

        // send now: the last whole week again
        assertThat(ok("POST", "/api/v1/analytics/statements/send", null, 200).get("result").asText()).endsWith("was sent to 1 member");
        inbox.await(2);

        // off: nothing more is sent
        var off = ok("PUT", "/api/v1/analytics/statements/schedule", "{\"cadence\": \"off\"}", 200);
        assertThat(off.get("cadence").isNull()).isTrue();
        assertThat(api.call("POST", "/api/v1/analytics/statements/send", null, key).statusCode()).isEqualTo(400);
    }

    @Test
    void recipientsMustBeMembersAndTheCadenceKnown() throws Exception {
        var stranger = data.newTenant("statements-stranger");
        TestData.signInAs(owner);
        for (String body : new String[]{
                "{\"cadence\": \"weekly\", \"recipients\": []}",
                "{\"cadence\": \"weekly\"}",
                "{\"cadence\": \"weekly\", \"recipients\": [\"" + stranger.user().getId() + "\"]}",
                "{\"cadence\": \"daily\", \"recipients\": [\"" + owner.user().getId() + "\"]}",
                "{\"cadence\": \"weekly\", \"recipients\": [\"not-a-uuid\"]}",
                "{\"cadence\": \"weekly\", \"recipients\": [null]}",
                "{\"cadence\": 7}",
                "not json"}) {
            var answer = api.call("PUT", "/api/v1/analytics/statements/schedule", body, key);
            assertThat(answer.statusCode()).as(body + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(body).startsWith("application/problem+json");
        }
        assertThat(ok("GET", "/api/v1/analytics/statements/schedule", null, 200).get("cadence").isNull()).isTrue();
    }
}
