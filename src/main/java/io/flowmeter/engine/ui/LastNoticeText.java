package io.flowmeter.engine.ui;

import io.flowmeter.engine.notify.NotificationSettings;
import io.flowmeter.shared.ui.Feedback;

/** How the notification screens word how a workflow's latest failure notification went. */
final class LastNoticeText {

    private LastNoticeText() {
    }

    static String of(NotificationSettings.LastNotice last) {
        String text = last.outcomeAt() == null ? "No notification sent yet."
                : "Latest notification, " + Feedback.dateTime(last.outcomeAt()) + ": " + last.outcome() + ".";
        return last.pending() > 0 ? text + " " + last.pending() + " more failed run(s) will be reported when the window ends." : text;
    }
}
