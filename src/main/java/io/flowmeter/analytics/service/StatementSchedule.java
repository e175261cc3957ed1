package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.Cadence;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The ROI statement emailed on a schedule: how often, to which members, the last day of the last period sent, and
 * how the last sending went.
 */
public record StatementSchedule(Cadence cadence, List<UUID> recipients, @Nullable LocalDate sentThrough, @Nullable Instant lastSentAt,
                                @Nullable String lastResult) {

    public StatementSchedule {
        recipients = List.copyOf(recipients);
    }
}
