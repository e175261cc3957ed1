package io.flowmeter.analytics.domain;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One version of a figure the ROI maths rests on, with who set it, on what evidence, how sure they are, whether it was
 * measured or assumed, and the day it applies from. Never changed: a change is a new version.
 */
public record Assumption(UUID id, AssumptionKind kind, String subject, @Nullable BigDecimal minutes, @Nullable BigDecimal money,
                         @Nullable BigDecimal money2, @Nullable BigDecimal quantity, @Nullable String rateName, LocalDate effectiveFrom, @Nullable String evidence,
                         @Nullable String evidenceUrl, Confidence confidence, String basis, @Nullable UUID ownerId,
                         @Nullable String ownerName, Instant recordedAt) {
}
