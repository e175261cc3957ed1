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
 */
@ConfigurationProperties("flowmeter.analytics")
public record AnalyticsProperties(Duration rollupInterval, Duration bookCacheTtl) {

    public AnalyticsProperties {
        rollupInterval = rollupInterval == null ? Duration.ofSeconds(5) : rollupInterval;
        bookCacheTtl = bookCacheTtl == null ? Duration.ofSeconds(30) : bookCacheTtl;
        if (rollupInterval.isNegative() || rollupInterval.isZero() || bookCacheTtl.isNegative()) {
            throw new IllegalArgumentException("flowmeter.analytics: rollup-interval must be positive and book-cache-ttl not negative");
        }
    }
}
