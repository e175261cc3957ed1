package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.Assumption;
import io.flowmeter.analytics.domain.AssumptionKind;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An organization's ROI settings and every version of its assumptions, as of one moment: which assumption is in force
 * on a day. Immutable, so it can be cached and shared between threads.
 */
public record RoiBook(String currency, ZoneId zone, List<Assumption> assumptions) {

    /** Default rates and figures when an organization set none. */
    public static final String DEFAULT_CURRENCY = "EUR";

    public RoiBook {
        // newest first: the first match is the one in force
        assumptions = assumptions.stream().sorted(Comparator.comparing(Assumption::effectiveFrom).reversed()
                .thenComparing(Comparator.comparing(Assumption::recordedAt).reversed())).toList();
    }

    public LocalDate day(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    /** The version of (kind, subject) in force on the day: the latest effective on or before it. */
    public Optional<Assumption> inForce(AssumptionKind kind, String subject, LocalDate day) {
        for (Assumption a : assumptions) {
            if (a.kind() == kind && a.subject().equals(subject) && !a.effectiveFrom().isAfter(day)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The labour rate of that name in force on the day, else the default rate. */
    public Optional<Assumption> rate(@Nullable String name, LocalDate day) {
        if (name != null && !name.isBlank()) {
            Optional<Assumption> named = inForce(AssumptionKind.HOURLY_RATE, name.strip(), day);
            if (named.isPresent()) {
                return named;
            }
        }
        return inForce(AssumptionKind.HOURLY_RATE, "", day);
    }

    /**
     * The named rate a person's approvals are priced at on the day ({@code who} as an approval's output names them, by
     * email), else {@code otherwise} (the approval step's own rate name).
     */
    public @Nullable String approverRate(@Nullable String who, @Nullable String otherwise, LocalDate day) {
        if (who == null || who.isBlank()) {
            return otherwise;
        }
        return inForce(AssumptionKind.MEMBER_RATE, who.strip().toLowerCase(java.util.Locale.ROOT), day).map(Assumption::rateName)
                .filter(name -> !name.isBlank()).orElse(otherwise);
    }

    /** The model price whose subject is the longest prefix of the model name, in force on the day. */
    public Optional<Assumption> llmPrice(String model, LocalDate day) {
        return assumptions.stream().filter(a -> a.kind() == AssumptionKind.LLM_PRICE && model.startsWith(a.subject()))
                .map(Assumption::subject).distinct().sorted(Comparator.comparingInt(String::length).reversed())
                .map(subject -> inForce(AssumptionKind.LLM_PRICE, subject, day)).flatMap(Optional::stream).findFirst();
    }

    /** Whether any per-call fee, compute rate or model price exists: if not, a step without value settings writes nothing. */
    public boolean prices(AssumptionKind kind) {
        return assumptions.stream().anyMatch(a -> a.kind() == kind);
    }

    public boolean hasFee(String type) {
        return assumptions.stream().anyMatch(a -> a.kind() == AssumptionKind.CALL_FEE && a.subject().equals(type));
    }
}
