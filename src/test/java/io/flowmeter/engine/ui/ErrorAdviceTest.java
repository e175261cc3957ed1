package io.flowmeter.engine.ui;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors as the engine and connectors report them, explained for people with what to do and where. */
class ErrorAdviceTest {

    static final UUID WORKFLOW = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    @Test
    void aRevokedConnectionSaysReconnectInConnections() {
        var advice = ErrorAdvice.explain("Connection 'Team Slack' needs attention: token_revoked", "slack", WORKFLOW);
        assertThat(advice.plain()).startsWith("Slack did not accept");
        assertThat(advice.todo()).isEqualTo("Reconnect Slack in Connections, then re-run from the failed step.");
        assertThat(advice.link()).isEqualTo("connections");
        assertThat(ErrorAdvice.explain("Connection 'Sheets' has no stored tokens; reconnect it", "google", WORKFLOW).todo())
                .startsWith("Reconnect Google");
        assertThat(ErrorAdvice.explain("Connection 'x' was rejected (HTTP 401)", null, WORKFLOW).link()).isEqualTo("connections");
    }

    @Test
    void httpStatusesAreTold() {
        assertThat(ErrorAdvice.explain("HTTP 403 from api.github.com: forbidden", "github", WORKFLOW).plain())
                .startsWith("api.github.com refused the request (HTTP 403)");
        assertThat(ErrorAdvice.explain("HTTP 404 from example.com", "http", WORKFLOW).link()).isEqualTo("workflows/" + WORKFLOW);
        assertThat(ErrorAdvice.explain("HTTP 429 from slack.com (gave up after 3 attempts)", "slack", WORKFLOW).plain())
                .contains("too many requests").endsWith("Flowmeter tried 3 times before giving up.");
        assertThat(ErrorAdvice.explain("HTTP 503 from example.com (gave up after 5 attempts)", "http", WORKFLOW).todo())
                .contains("temporary");
        var bad = ErrorAdvice.explain("HTTP 400 from example.com: field x is required", "http", WORKFLOW);
        assertThat(bad.plain()).contains("refused what the step sent");
        assertThat(bad.link()).isEqualTo("workflows/" + WORKFLOW);
    }

    @Test
    void timeoutsUnreachableAddressesAndTemplates() {
        assertThat(ErrorAdvice.explain("The step did not finish within 300 ms (gave up after 2 attempts)", "http", WORKFLOW).plain())
                .startsWith("The service did not answer in time.");
        assertThat(ErrorAdvice.explain("java.net.ConnectException: Connection refused", "http", WORKFLOW).plain())
                .contains("could not reach");
        assertThat(ErrorAdvice.explain("Calls to 10.0.0.1 are not allowed: it is a loopback, private, link-local or reserved address.",
                "http", WORKFLOW).plain()).contains("private or internal network");
        assertThat(ErrorAdvice.explain("Template error: 'trigger.missing' is not there", "core", WORKFLOW).plain())
                .contains("uses data the run does not have");
        assertThat(ErrorAdvice.explain("Connection 123 was deleted", "slack", WORKFLOW).todo()).contains("Pick another connection");
    }

    @Test
    void anythingElseIsQuotedWithoutAnExplanationMadeUp() {
        var advice = ErrorAdvice.explain("Something odd happened. Details follow here", "util", WORKFLOW);
        assertThat(advice.plain()).isEqualTo("The step failed: Something odd happened.");
        assertThat(advice.link()).isNull();
        assertThat(ErrorAdvice.serviceName("mystery")).isEqualTo("Mystery");
    }
}
