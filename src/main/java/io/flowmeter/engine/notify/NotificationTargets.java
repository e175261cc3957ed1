package io.flowmeter.engine.notify;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.UUID;

/**
 * Who hears about a workflow's failures: email addresses and/or one Slack channel, posted to through a Slack
 * connection of the organization. Saved settings name both connection and channel or neither; a channel whose
 * connection was deleted since comes back without it.
 */
public record NotificationTargets(List<String> emails, @Nullable UUID slackConnection, @Nullable String slackChannel) {

    public static final NotificationTargets NONE = new NotificationTargets(List.of(), null, null);

    public NotificationTargets {
        emails = List.copyOf(emails);
    }

    public boolean isEmpty() {
        return emails.isEmpty() && slackConnection == null && slackChannel == null;
    }

    public boolean wantsSlack() {
        return slackConnection != null || slackChannel != null;
    }

    /** "ops@example.com, #alerts", for a summary line. */
    public String describe() {
        List<String> parts = new java.util.ArrayList<>(emails);
        if (slackChannel != null) {
            parts.add("Slack " + slackChannel);
        }
        return parts.isEmpty() ? "nobody" : String.join(", ", parts);
    }
}
