package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.AssumptionKind;
import io.flowmeter.analytics.domain.FactKind;
import io.flowmeter.engine.Settlement;
import io.flowmeter.workflow.StepValue;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which facts a settlement gives, priced with the organization's book: a successful step its value (pending until
 * its run succeeds), model tokens, its per-call fee and compute time; every attempt its fee and compute time (failed
 * attempts cost too); an approval decided its people's minutes; a finished run its counts and the workflow's value per
 * run; a failed run its triage minutes. Settings that are missing give nothing (no fact), so a plain step writes none.
 */
public final class FactBuilder {

    private FactBuilder() {
    }

    public static List<Fact> step(Settlement.Step step, RoiBook book) {
        List<Fact> facts = new ArrayList<>();
        StepValue value = parsed(step.value());
        LocalDate day = book.day(step.at());
        boolean succeeded = step.outcome() == Settlement.StepOutcome.SUCCEEDED;
        if (succeeded && value.savesSomething()) {
            BigDecimal items = value.perItem() ? items(value, step.output()) : BigDecimal.ZERO;
            BigDecimal minutes = orZero(value.minutes()).add(orZero(value.minutesPerItem()).multiply(items));
            BigDecimal outcome = orZero(value.outcome()).add(orZero(value.outcomePerItem()).multiply(items));
            facts.add(fact(step, FactKind.VALUE, Fact.PENDING, day, book, items, 0, 0, null, value.rate(), minutes, BigDecimal.ZERO, outcome,
                    value.confidence()));
        }
        if (succeeded && step.output() instanceof Map<?, ?> output && output.get("model") instanceof String model
                && (output.get("inputTokens") instanceof Number || output.get("outputTokens") instanceof Number)) {
            facts.add(fact(step, FactKind.LLM, null, day, book, BigDecimal.ONE, count(output.get("inputTokens")), count(output.get("outputTokens")),
                    model, null, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, null));
        }
        if (step.type() != null && step.executed() && book.hasFee(step.type())) {
            facts.add(fact(step, FactKind.CALL, null, day, book, BigDecimal.ONE, 0, 0, step.type(), null, BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, null));
        }
        if (step.executed() && step.busyMs() > 0 && book.prices(AssumptionKind.COMPUTE_RATE)) {
            facts.add(fact(step, FactKind.COMPUTE, null, day, book, BigDecimal.valueOf(step.busyMs()), 0, 0, null, null, BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.ZERO, null));
        }
        if (succeeded && step.signalled() && value.minutesToDecide() != null && value.minutesToDecide().signum() > 0) {
            String decidedBy = step.output() instanceof Map<?, ?> decision && decision.get("by") instanceof String by ? by : null;
            facts.add(fact(step, FactKind.APPROVAL, null, day, book, BigDecimal.ONE, 0, 0, null, book.approverRate(decidedBy, value.rate(), day), BigDecimal.ZERO,
                    value.minutesToDecide(), BigDecimal.ZERO, null));
        }
        return facts;
    }

    /** A finished run (not a loop item's): its RUN fact, and for a failed run its TRIAGE fact. */
    public static List<Fact> run(Settlement.Run run, RoiBook book) {
        if (run.itemRun()) {
            return List.of();
        }
        LocalDate day = book.day(run.at());
        List<Fact> facts = new ArrayList<>();
        facts.add(runFact(run, FactKind.RUN, run.outcome().name(), day, book));
        if (run.outcome() == Settlement.RunOutcome.FAILED && book.prices(AssumptionKind.TRIAGE_MINUTES)) {
            facts.add(runFact(run, FactKind.TRIAGE, null, day, book));
        }
        return facts;
    }

    private static Fact runFact(Settlement.Run run, FactKind kind, @Nullable String status, LocalDate day, RoiBook book) {
        BigDecimal duration = kind == FactKind.RUN ? BigDecimal.valueOf(Math.max(0, java.time.Duration.between(run.createdAt(), run.at()).toMillis()))
                : BigDecimal.ZERO;
        return RoiMaths.price(new Fact(run.tenantId(), run.workflowId(), run.versionId(), run.versionNumber(), run.runId(), null, null, 0,
                kind, status, run.at(), day, duration, 0, 0, null, null, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, book.currency(), null, List.of()), book);
    }

    private static Fact fact(Settlement.Step step, FactKind kind, @Nullable String status, LocalDate day, RoiBook book, BigDecimal quantity,
                             long tokensIn, long tokensOut, @Nullable String subject, @Nullable String rateName, BigDecimal minutesSaved,
                             BigDecimal minutesSpent, BigDecimal outcome, @Nullable String confidence) {
        return RoiMaths.price(new Fact(step.tenantId(), step.workflowId(), step.versionId(), step.versionNumber(), step.runId(),
                step.stepRunId(), step.nodeId(), step.attempt(), kind, status, step.at(), day, quantity, tokensIn, tokensOut, subject, rateName,
                minutesSaved, minutesSpent, outcome, BigDecimal.ZERO, BigDecimal.ZERO, book.currency(), confidence, List.of()), book);
    }

    /** Value settings that no longer parse (an old version) count as none rather than stopping the engine. */
    static StepValue parsed(@Nullable Map<String, Object> value) {
        try {
            return StepValue.of(value);
        } catch (IllegalArgumentException e) {
            return StepValue.NONE;
        }
    }

    /**
     * The number of items a step processed: the output field named by {@code items} (a list counts its elements, a
     * number counts as itself), else for a loop the items that succeeded; 0 when there is no such field.
     */
    static BigDecimal items(StepValue value, @Nullable Object output) {
        if (!(output instanceof Map<?, ?> map)) {
            return BigDecimal.ZERO;
        }
        Object at = map;
        if (value.items() != null) {
            for (String part : value.items().split("\\.")) {
                at = at instanceof Map<?, ?> m ? m.get(part) : null;
            }
        } else {
            at = map.get("succeeded");
        }
        if (at instanceof Collection<?> list) {
            return BigDecimal.valueOf(list.size());
        }
        if (at instanceof Number n) {
            BigDecimal count = new BigDecimal(n.toString());
            return count.signum() < 0 ? BigDecimal.ZERO : count;
        }
        return BigDecimal.ZERO;
    }

    private static long count(@Nullable Object value) {
        return value instanceof Number n ? Math.max(0, n.longValue()) : 0;
    }

    private static BigDecimal orZero(@Nullable BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    static Instant hour(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }
}
