package io.flowmeter.engine.notify;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * What a failure notification says: which workflow, how many runs failed since when, the latest one's error and a link
 * to it. The error is the run's as the engine stored it (the step's secrets already removed), clipped; nothing else
 * of the run's data goes out.
 */
record FailureMessage(String workflowName, UUID workflowId, int failures, Instant since, @Nullable UUID latestRunId,
                      @Nullable String latestError, Duration window, String baseUrl) {

    static final int MAX_ERROR = 300;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    String subject() {
        return failures == 1 ? "Flowmeter: a run of \"" + workflowName + "\" failed"
                : "Flowmeter: " + failures + " runs of \"" + workflowName + "\" failed";
    }

    String headline() {
        return failures == 1 ? "A run of \"" + workflowName + "\" failed at " + TIME.format(since) + "."
                : failures + " runs of \"" + workflowName + "\" failed since " + TIME.format(since) + ".";
    }

    @Nullable String runLink() {
        return latestRunId == null ? null : baseUrl + "/runs/" + latestRunId;
    }

    String workflowLink() {
        return baseUrl + "/workflows/" + workflowId;
    }

    String emailText() {
        StringBuilder text = new StringBuilder("Hello,\n\n").append(headline()).append("\n\n");
        if (latestError != null) {
            text.append(failures == 1 ? "Error: " : "Latest error: ").append(clippedError()).append("\n\n");
        }
        if (runLink() != null) {
            text.append(failures == 1 ? "Open the run:\n" : "Open the latest failed run:\n").append(runLink()).append("\n\n");
        }
        text.append("Failed runs wait under Runs (parked) until they are re-run. Flowmeter sends at most one message per workflow every ")
                .append(FailureThrottle.describe(window)).append("; change who gets them in the workflow's notification settings:\n").append(workflowLink()).append('\n');
        return text.toString();
    }

    /** Slack mrkdwn: user text escaped (&, <, >), so an error cannot mention @channel or forge a link. */
    String slackText() {
        StringBuilder text = new StringBuilder(":rotating_light: ").append(slack(headline()));
        if (latestError != null) {
            text.append("\n>").append(slack(clippedError()));
        }
        if (runLink() != null) {
            text.append("\n<").append(runLink()).append('|').append(failures == 1 ? "Open the run" : "Open the latest failed run").append('>');
        }
        return text.toString();
    }

    private String clippedError() {
        String oneLine = latestError == null ? "" : latestError.strip().replaceAll("\\s+", " ");
        return oneLine.length() > MAX_ERROR ? oneLine.substring(0, MAX_ERROR - 1) + "…" : oneLine;
    }

    private static String slack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
