package io.flowmeter.identity.service;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * "Forgot password" links.
 *
 * @param validity       how long an emailed link works
 * @param maxPerAddress  requests per email address within {@code window}, whether or not it has an account
 * @param maxPerSource   requests from one source address (an IPv6 source is its /64) within {@code window}
 * @param window         the period both limits count over
 */
@ConfigurationProperties("flowmeter.security.password-reset")
public record PasswordResetProperties(Duration validity, int maxPerAddress, int maxPerSource, Duration window) {

    public PasswordResetProperties {
        if (validity.isNegative() || validity.isZero() || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("flowmeter.security.password-reset: validity and window must be positive");
        }
        if (maxPerAddress < 1 || maxPerSource < 1) {
            throw new IllegalArgumentException("flowmeter.security.password-reset: the limits must be at least 1");
        }
    }

    /** A duration for people: "30 minutes", "1 hour", "2 days". */
    public static String readable(Duration duration) {
        long minutes = Math.max(1, duration.toMinutes());
        if (minutes % (24 * 60) == 0) {
            return plural(minutes / (24 * 60), "day");
        }
        if (minutes % 60 == 0) {
            return plural(minutes / 60, "hour");
        }
        return plural(minutes, "minute");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
