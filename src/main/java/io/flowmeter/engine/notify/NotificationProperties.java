package io.flowmeter.engine.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Failure notifications.
 *
 * @param window        at most one message per workflow per window; it counts the failures since the previous one
 * @param sweepInterval how often each node looks for messages that fell due (a window ended, or a node died before
 *                      sending): how late the second message of a window may be
 * @param claimTimeout  how long a node may take to send a message it claimed before another node sends it instead
 * @param sendTimeout   how long a Slack post may take
 * @param baseUrl       the public address links in messages point at (the app's {@code flowmeter.base-url})
 */
@ConfigurationProperties("flowmeter.notifications")
public record NotificationProperties(Duration window, Duration sweepInterval, Duration claimTimeout, Duration sendTimeout,
                                     String baseUrl) {

    public NotificationProperties {
        window = window == null ? Duration.ofMinutes(10) : window;
        sweepInterval = sweepInterval == null ? Duration.ofSeconds(10) : sweepInterval;
        claimTimeout = claimTimeout == null ? Duration.ofMinutes(5) : claimTimeout;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(10) : sendTimeout;
        baseUrl = baseUrl == null || baseUrl.isBlank() ? "http://localhost:8080" : baseUrl.replaceAll("/+$", "");
        if (window.isNegative() || window.isZero() || sweepInterval.isNegative() || sweepInterval.isZero()
                || claimTimeout.compareTo(sendTimeout.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("flowmeter.notifications: window and sweep-interval must be positive, and "
                    + "claim-timeout at least three send-timeouts (a message is sent by email and to Slack, a Slack token may be refreshed)");
        }
    }
}
