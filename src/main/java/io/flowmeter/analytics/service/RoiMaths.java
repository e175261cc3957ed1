package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.Assumption;
import io.flowmeter.analytics.domain.AssumptionKind;
import io.flowmeter.analytics.domain.Confidence;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * Prices facts with the assumptions in force on their day. Facts keep 6 decimals (half-even); reports round sums to
 * the currency's scale, half-even, so three runs of 5 minutes at 50 an hour are 12.50, not 3 x 4.17.
 */
public final class RoiMaths {

    public static final int FACT_SCALE = 6;
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal MS_PER_HOUR = BigDecimal.valueOf(3_600_000);

    private RoiMaths() {
    }

    /** The fact priced: value saved, cost, the assumptions used and the value's confidence (the least sure part). */
    public static Fact price(Fact fact, RoiBook book) {
        var day = fact.localDay();
        List<java.util.UUID> used = new ArrayList<>();
        BigDecimal minutesSaved = fact.minutesSaved();
        BigDecimal minutesSpent = fact.minutesSpent();
        BigDecimal outcome = fact.outcome();
        String rateName = fact.rateName();
        BigDecimal value = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        Confidence confidence = fact.confidence() == null ? null : Confidence.of(fact.confidence());
        switch (fact.kind()) {
            case RUN -> {
                minutesSaved = BigDecimal.ZERO;
                outcome = BigDecimal.ZERO;
                Optional<Assumption> perRun = "SUCCEEDED".equals(fact.status())
                        ? book.inForce(AssumptionKind.WORKFLOW_VALUE, fact.workflowId().toString(), day) : Optional.empty();
                if (perRun.isPresent()) {
                    Assumption a = perRun.get();
                    used.add(a.id());
                    confidence = a.confidence();
                    minutesSaved = orZero(a.minutes());
                    outcome = orZero(a.money());
                    rateName = a.rateName();
                    value = outcome;
                    if (minutesSaved.signum() > 0) {
                        Priced labour = labour(minutesSaved, rateName, book, day);
                        value = value.add(labour.amount());
                        confidence = min(confidence, labour.confidence());
                        labour.used().ifPresent(used::add);
                    }
                } else {
                    confidence = null;
                }
            }
            case VALUE -> {
                value = outcome;
                confidence = confidence == null ? Confidence.MEDIUM : confidence;
                if (minutesSaved.signum() > 0) {
                    Priced labour = labour(minutesSaved, rateName, book, day);
                    value = value.add(labour.amount());
                    confidence = min(confidence, labour.confidence());
                    labour.used().ifPresent(used::add);
                }
            }
            case LLM -> {
                Optional<Assumption> price = fact.subject() == null ? Optional.empty() : book.llmPrice(fact.subject(), day);
                if (price.isPresent()) {
                    used.add(price.get().id());
                    cost = BigDecimal.valueOf(fact.tokensIn()).multiply(orZero(price.get().money()))
                            .add(BigDecimal.valueOf(fact.tokensOut()).multiply(orZero(price.get().money2())))
                            .divide(MILLION, FACT_SCALE + 4, RoundingMode.HALF_EVEN);
                }
            }
            case CALL -> {
                Optional<Assumption> fee = fact.subject() == null ? Optional.empty() : book.inForce(AssumptionKind.CALL_FEE, fact.subject(), day);
                if (fee.isPresent()) {
                    used.add(fee.get().id());
                    cost = fact.quantity().multiply(orZero(fee.get().money()));
                }
            }
            case COMPUTE -> {
                Optional<Assumption> rate = book.inForce(AssumptionKind.COMPUTE_RATE, "", day);
                if (rate.isPresent()) {
                    used.add(rate.get().id());
                    cost = fact.quantity().multiply(orZero(rate.get().money())).divide(MS_PER_HOUR, FACT_SCALE + 4, RoundingMode.HALF_EVEN);
                }
            }
            case APPROVAL -> {
                Priced labour = labour(minutesSpent, rateName, book, day);
                cost = labour.amount();
                labour.used().ifPresent(used::add);
            }
            case TRIAGE -> {
                Optional<Assumption> minutes = book.inForce(AssumptionKind.TRIAGE_MINUTES, "", day);
                minutesSpent = minutes.map(a -> orZero(a.minutes())).orElse(BigDecimal.ZERO);
                minutes.ifPresent(a -> used.add(a.id()));
                if (minutesSpent.signum() > 0) {
                    Priced labour = labour(minutesSpent, null, book, day);
                    cost = labour.amount();
                    labour.used().ifPresent(used::add);
                }
            }
        }
        return fact.priced(scaled(minutesSaved), scaled(minutesSpent), scaled(outcome), rateName, scaled(value), scaled(cost),
                confidence == null ? null : confidence.wire(), used);
    }

    private record Priced(BigDecimal amount, @Nullable Confidence confidence, Optional<java.util.UUID> used) {
    }

    /** Minutes at the named rate (the default rate without a name or when the name is unknown); nothing without a rate. */
    private static Priced labour(BigDecimal minutes, @Nullable String rateName, RoiBook book, java.time.LocalDate day) {
        Optional<Assumption> rate = book.rate(rateName, day);
        if (rate.isEmpty() || minutes.signum() == 0) {
            return new Priced(BigDecimal.ZERO, rate.map(Assumption::confidence).orElse(null), rate.map(Assumption::id));
        }
        BigDecimal amount = minutes.multiply(orZero(rate.get().money())).divide(SIXTY, FACT_SCALE + 4, RoundingMode.HALF_EVEN);
        return new Priced(amount, rate.get().confidence(), Optional.of(rate.get().id()));
    }

    private static @Nullable Confidence min(@Nullable Confidence a, @Nullable Confidence b) {
        return a == null ? b : b == null ? a : a.min(b);
    }

    static BigDecimal orZero(@Nullable BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    static BigDecimal scaled(BigDecimal value) {
        return value.setScale(FACT_SCALE, RoundingMode.HALF_EVEN);
    }

    /** A sum rounded to the currency's scale, half-even (EUR 2 decimals, JPY none). */
    public static BigDecimal money(BigDecimal sum, String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return sum.setScale(digits, RoundingMode.HALF_EVEN);
    }
}
