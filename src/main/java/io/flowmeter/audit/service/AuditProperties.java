package io.flowmeter.audit.service;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The audit log's settings ({@code flowmeter.audit.*}).
 *
 * @param retention      how long entries are kept; at least 30 days (the database refuses less)
 * @param expiryInterval how often each node expires entries past the retention
 */
@ConfigurationProperties("flowmeter.audit")
public record AuditProperties(@DefaultValue("365d") Duration retention, @DefaultValue("6h") Duration expiryInterval) {

    public AuditProperties {
        if (retention.compareTo(Duration.ofDays(30)) < 0) {
            throw new IllegalArgumentException("flowmeter.audit.retention must be at least 30 days (was " + retention + ")");
        }
        if (expiryInterval.isNegative() || expiryInterval.isZero()) {
            throw new IllegalArgumentException("flowmeter.audit.expiry-interval must be positive");
        }
    }
}
