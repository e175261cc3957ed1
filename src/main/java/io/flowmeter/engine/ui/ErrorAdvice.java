package io.flowmeter.engine.ui;

import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step's error explained for people: what went wrong in plain words and what to do about it, with a link to the
 * screen where it is fixed (Connections for credentials, the builder for the step's settings). Pure: it reads the
 * engine's and connectors' error messages, whose shapes it knows.
 */
final class ErrorAdvice {

    /** The explanation; {@code link} is a route ({@code connections}, {@code workflows/<id>}) or null. */
    record Advice(String plain, String todo, @Nullable String linkText, @Nullable String link) {
    }

    private static final Pattern HTTP = Pattern.compile("HTTP (\\d{3})(?: from ([^:\\s]+))?");
    private static final Pattern GAVE_UP = Pattern.compile("\\(gave up after (\\d+) attempts\\)");

    private ErrorAdvice() {
    }

    /**
     * @param error     the step's error as stored
     * @param connector the step type's connector key ({@code slack}, {@code http}, …), if known
     * @param workflowId the run's workflow, for links to the builder
     */
    static Advice explain(String error, @Nullable String connector, UUID workflowId) {
        String lower = error.toLowerCase(Locale.ROOT);
        String retried = retried(error);
        String service = serviceName(connector);
        String builder = "workflows/" + workflowId;
        if (lower.contains("reconnect") || lower.contains("needs attention") || lower.contains("cannot refresh its token")
                || lower.contains("was rejected (http 401)") || lower.contains("is not usable")) {
            return new Advice(service + " did not accept the connection's sign-in any more (it was revoked, expired or "
                    + "its password changed)." + retried, "Reconnect " + service + " in Connections, then re-run from the failed step.",
                    "Open Connections", "connections");
        }
        if (lower.contains("connection") && (lower.contains("was deleted") || lower.contains("not available in this organization"))) {
            return new Advice("The step uses a connection that no longer exists." + retried,
                    "Pick another connection for this step in the builder and publish, then re-run on the latest version.",
                    "Open the workflow", builder);
        }
        Matcher http = HTTP.matcher(error);
        if (http.find()) {
            int status = Integer.parseInt(http.group(1));
            String from = http.group(2) == null ? service : http.group(2);
            if (status == 401 || status == 403) {
                return new Advice(from + " refused the request (HTTP " + status + "): the connection is not allowed to do this."
                        + retried, "Check the connection's permissions or reconnect it in Connections, then re-run from the failed step.",
                        "Open Connections", "connections");
            }
            if (status == 404) {
                return new Advice(from + " has nothing at the address the step called (HTTP 404)." + retried,
                        "Check the step's address or ids in the builder (a record may have been deleted).", "Open the workflow", builder);
            }
            if (status == 429) {
                return new Advice(from + " said too many requests (HTTP 429)." + retried,
                        "Wait a little and re-run from the failed step, or lower how often the workflow runs.", null, null);
            }
            if (status >= 500) {
                return new Advice(from + " had a problem of its own (HTTP " + status + ")." + retried,
                        "This is usually temporary: re-run from the failed step later.", null, null);
            }
            return new Advice(from + " refused what the step sent (HTTP " + status + "); its answer is in the error below." + retried,
                    "Fix the step's fields in the builder so they send what " + from + " expects, publish, and re-run on the latest version.",
                    "Open the workflow", builder);
        }
        if (lower.contains("within") && (lower.contains(" ms") || lower.contains("timeout")) || lower.contains("timed out")) {
            return new Advice(service + " did not answer in time." + retried,
                    "Re-run from the failed step; if it keeps happening, raise the step's timeout in the builder.", "Open the workflow", builder);
        }
        if (lower.contains("connection refused") || lower.contains("unknown host") || lower.contains("unresolved")
                || lower.contains("could not connect") || lower.contains("connect timed out") || lower.contains("no route")) {
            return new Advice("The step could not reach " + service + " at all (no answer at that address)." + retried,
                    "Check the address in the step's settings; if the service was down, re-run from the failed step.", "Open the workflow", builder);
        }
        if (lower.contains("not allowed") && lower.contains("address") || lower.contains("private address") || lower.contains("egress")) {
            return new Advice("The step tried to call an address Flowmeter does not call (a private or internal network)." + retried,
                    "Use a public address in the step's settings.", "Open the workflow", builder);
        }
        if (lower.contains("template") || lower.contains("refers to") || lower.contains("missing") && lower.contains("field")) {
            return new Advice("A field of the step uses data the run does not have." + retried,
                    "Check the step's fields in the builder (the preview shows what they render to).", "Open the workflow", builder);
        }
        if (lower.contains("output is larger") || lower.contains("cannot be stored")) {
            return new Advice("The step's answer was too large to keep." + retried,
                    "Ask the service for less (filters, fewer fields, paging) in the step's settings.", "Open the workflow", builder);
        }
        if (lower.contains("unknown step type")) {
            return new Advice("The step's type no longer exists in this Flowmeter.", "Replace the step in the builder and publish.",
                    "Open the workflow", builder);
        }
        if (lower.contains("cancelled") || lower.contains("was cancelled")) {
            return new Advice("The run was cancelled before this step finished.", "Re-run it if it should have gone on.", null, null);
        }
        return new Advice("The step failed: " + firstSentence(error) + retried,
                "Read the error and the attempts below; fix the cause, then re-run from the failed step.", null, null);
    }

    private static String retried(String error) {
        Matcher gave = GAVE_UP.matcher(error);
        return gave.find() ? " Flowmeter tried " + gave.group(1) + " times before giving up." : "";
    }

    static String serviceName(@Nullable String connector) {
        if (connector == null) {
            return "The service";
        }
        return switch (connector) {
            case "slack" -> "Slack";
            case "google" -> "Google";
            case "github" -> "GitHub";
            case "stripe" -> "Stripe";
            case "discord" -> "Discord";
            case "email" -> "The mail server";
            case "llm" -> "The AI model's service";
            case "http" -> "The service";
            default -> connector.substring(0, 1).toUpperCase(Locale.ROOT) + connector.substring(1);
        };
    }

    private static String firstSentence(String error) {
        String trimmed = error.strip();
        int cut = trimmed.indexOf(". ");
        String first = cut > 0 && cut < 200 ? trimmed.substring(0, cut + 1) : trimmed.length() > 200 ? trimmed.substring(0, 200) + "…" : trimmed;
        return first.endsWith(".") ? first : first + ".";
    }
}
