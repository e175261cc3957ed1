package io.flowmeter.engine.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a notification says, by email and in Slack. */
class FailureMessageTest {

    final UUID workflow = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    final UUID run = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    final Instant since = Instant.parse("2026-12-01T14:02:30Z");

    @Test
    void oneFailureLinksToItsRun() {
        var message = new FailureMessage("Order sync", workflow, 1, since, run, "Step 'fetch' failed: HTTP 500",
                Duration.ofMinutes(10), "https://flowmeter.example.com");
        assertThat(message.subject()).isEqualTo("Flowmeter: a run of \"Order sync\" failed");
        assertThat(message.emailText()).contains("A run of \"Order sync\" failed at 2026-12-01 14:02 UTC.")
                .contains("Error: Step 'fetch' failed: HTTP 500")
                .contains("https://flowmeter.example.com/runs/" + run)
                .contains("at most one message per workflow every 10 minutes")
                .contains("https://flowmeter.example.com/workflows/" + workflow);
        assertThat(message.slackText()).contains("A run of \"Order sync\" failed")
                .contains("<https://flowmeter.example.com/runs/" + run + "|Open the run>");
    }

    @Test
    void severalFailuresAreCounted() {
        var message = new FailureMessage("Order sync", workflow, 3, since, run, "boom", Duration.ofMinutes(10), "https://x.example");
        assertThat(message.subject()).isEqualTo("Flowmeter: 3 runs of \"Order sync\" failed");
        assertThat(message.emailText()).contains("3 runs of \"Order sync\" failed since 2026-12-01 14:02 UTC.").contains("Latest error: boom");
        assertThat(message.slackText()).contains("3 runs of").contains("|Open the latest failed run>");
    }

    @Test
    void errorsAreClippedToOneLineAndCannotMentionOrLinkInSlack() {
        String error = "<!channel> see <https://evil.example|here> & " + "x".repeat(1000) + "\nsecond line";
        var message = new FailureMessage("W", workflow, 1, since, run, error, Duration.ofMinutes(10), "https://x.example");
        String slack = message.slackText();
        assertThat(slack).doesNotContain("<!channel>").doesNotContain("<https://evil").contains("&lt;!channel&gt;").contains("&amp;");
        assertThat(message.emailText()).doesNotContain("second line").contains("…");
        assertThat(message.emailText().lines().filter(l -> l.startsWith("Error: ")).findFirst().orElseThrow())
                .hasSize("Error: ".length() + FailureMessage.MAX_ERROR);
    }
}
