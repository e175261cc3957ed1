package io.flowmeter.export.service;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Data exports' settings ({@code flowmeter.export.*}).
 *
 * @param keep          how long a built export waits to be downloaded before it is removed unread
 * @param sweepInterval how often each node removes unread exports past {@code keep} and hands lost ones to a job again
 */
@ConfigurationProperties("flowmeter.export")
public record ExportProperties(@DefaultValue("7d") Duration keep, @DefaultValue("1m") Duration sweepInterval) {

    public ExportProperties {
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("flowmeter.export.keep must be positive");
        }
    }
}
