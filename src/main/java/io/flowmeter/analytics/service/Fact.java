package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.FactKind;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One value or cost fact: its inputs (quantity: items, calls or milliseconds of work; tokens; minutes; outcome) and
 * what they were priced at (value saved, cost), with the assumptions used and the confidence of the value.
 */
public record Fact(UUID tenantId, UUID workflowId, UUID versionId, int versionNumber, UUID runId, @Nullable UUID stepRunId,
                   @Nullable String nodeId, int attempt, FactKind kind, @Nullable String status, Instant at, LocalDate localDay,
                   BigDecimal quantity, long tokensIn, long tokensOut, @Nullable String subject, @Nullable String rateName,
                   BigDecimal minutesSaved, BigDecimal minutesSpent, BigDecimal outcome, BigDecimal valueSaved, BigDecimal cost,
                   String currency, @Nullable String confidence, List<java.util.UUID> assumptions) {

    /** VALUE facts wait for their run: counted when it succeeds, dropped when it fails. */
    public static final String PENDING = "PENDING";

    Fact priced(BigDecimal minutesSaved, BigDecimal minutesSpent, BigDecimal outcome, @Nullable String rateName, BigDecimal valueSaved,
                BigDecimal cost, @Nullable String confidence, List<UUID> assumptions) {
        return new Fact(tenantId, workflowId, versionId, versionNumber, runId, stepRunId, nodeId, attempt, kind, status, at, localDay,
                quantity, tokensIn, tokensOut, subject, rateName, minutesSaved, minutesSpent, outcome, valueSaved, cost, currency,
                confidence, List.copyOf(assumptions));
    }
}
