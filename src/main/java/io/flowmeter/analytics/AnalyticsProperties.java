package io.flowmeter.analytics;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * ROI analytics.
 *
 * @param rollupInterval how often each node adds new facts to the hourly rollup (reports also read the facts not
 *                       rolled up yet, so this is about speed, not freshness)
 * @param bookCacheTtl   how long a node keeps an organization's rates and assumptions before reading them again: how
 *                       late another node's change reaches the facts this node writes
 * @param alertInterval  how often each node looks for workflows whose runs or value dropped, or whose schedule
 *                       missed a fire (drops are judged once a day; a missed fire is found within this interval)
 * @param statementInterval how often each node looks for emailed ROI statements that fell due
 */
@ConfigurationProperties("flowmeter.analytics")
public record AnalyticsProperties(Duration rollupInterval, Duration bookCacheTtl, Duration alertInterval, Duration statementInterval) {

    public AnalyticsProperties {
        rollupInterval = rollupInterval == null ? Duration.ofSeconds(5) : rollupInterval;
        bookCacheTtl = bookCacheTtl == null ? Duration.ofSeconds(30) : bookCacheTtl;
        alertInterval = alertInterval == null ? Duration.ofMinutes(10) : alertInterval;
        statementInterval = statementInterval == null ? Duration.ofMinutes(10) : statementInterval;
        if (rollupInterval.isNegative() || rollupInterval.isZero() || bookCacheTtl.isNegative() || alertInterval.isNegative() || alertInterval.isZero()
                || statementInterval.isNegative() || statementInterval.isZero()) {
            throw new IllegalArgumentException("flowmeter.analytics: the intervals must be positive and book-cache-ttl not negative");
        }
    }
}
