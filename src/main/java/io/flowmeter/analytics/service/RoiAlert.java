package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.AlertKind;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A notice about one workflow on one day (in the organization's time zone): what happened, against which baseline,
 * and how many admins were emailed when it was raised.
 */
public record RoiAlert(UUID id, UUID workflowId, AlertKind kind, LocalDate day, String message, @Nullable BigDecimal baseline,
                       @Nullable BigDecimal actual, Instant raisedAt, int emailedTo) {
}
