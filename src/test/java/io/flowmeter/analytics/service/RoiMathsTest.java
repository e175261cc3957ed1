package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.Assumption;
import io.flowmeter.analytics.domain.AssumptionKind;
import io.flowmeter.analytics.domain.Confidence;
import io.flowmeter.analytics.domain.FactKind;
import io.flowmeter.engine.Settlement;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The ROI maths, exhaustively: what each settlement gives, priced with the assumptions in force on its day. */
class RoiMathsTest {

    static final UUID TENANT = UUID.randomUUID();
    static final UUID WORKFLOW = UUID.randomUUID();
    static final UUID VERSION = UUID.randomUUID();
    static final Instant NOON = Instant.parse("2026-12-01T12:00:00Z");

    private final List<Assumption> assumptions = new ArrayList<>();

    private Assumption assume(AssumptionKind kind, String subject, String minutes, String money, String money2, String from, Confidence confidence) {
        var a = new Assumption(UUID.randomUUID(), kind, subject, minutes == null ? null : new BigDecimal(minutes),
                money == null ? null : new BigDecimal(money), money2 == null ? null : new BigDecimal(money2), null, null, LocalDate.parse(from),
                "because", null, confidence, "assumed", null, "Olga Owner", Instant.parse("2026-11-01T00:00:00Z").plusSeconds(assumptions.size()));
        assumptions.add(a);
        return a;
    }

    private Assumption rate(String money, String from) {
        return assume(AssumptionKind.HOURLY_RATE, "", null, money, null, from, Confidence.HIGH);
    }

    private RoiBook book() {
        return book("EUR", "UTC");
    }

    private RoiBook book(String currency, String zone) {
        return new RoiBook(currency, ZoneId.of(zone), assumptions);
    }

    static Settlement.Step step(String node, String type, Map<String, Object> value, Settlement.StepOutcome outcome, long busyMs, Object output,
                                boolean signalled, Instant at) {
        return new Settlement.Step(TENANT, WORKFLOW, VERSION, 1, UUID.randomUUID(), UUID.randomUUID(), node, type, value, outcome, 1,
                !signalled && !"core.loop".equals(type), busyMs, output, signalled, false, at);
    }

    static Settlement.Run run(Settlement.RunOutcome outcome, Instant at) {
        return new Settlement.Run(TENANT, WORKFLOW, VERSION, 1, UUID.randomUUID(), outcome, false, null, at.minusSeconds(1), at);
    }

    private static BigDecimal money(BigDecimal sum) {
        return RoiMaths.money(sum, "EUR");
    }

    @Test
    void fixedMinutesPerStepArePricedAtTheDefaultRate() {
        rate("50", "2026-01-01");
        List<Fact> facts = FactBuilder.step(step("a", "core.noop", Map.of("minutes", 6), Settlement.StepOutcome.SUCCEEDED, 5, Map.of(), false, NOON),
                book());
        assertThat(facts).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FactKind.VALUE);
            assertThat(f.status()).isEqualTo(Fact.PENDING);
            assertThat(f.minutesSaved()).isEqualByComparingTo("6");
            assertThat(money(f.valueSaved())).isEqualByComparingTo("5.00");
            assertThat(f.confidence()).isEqualTo("medium"); // the step gave none: medium, and the rate is high
            assertThat(f.assumptions()).hasSize(1);
        });
    }

    @Test
    void perItemMinutesAndOutcomesCountTheNamedOutputFieldOrTheLoopsSucceededItems() {
        rate("60", "2026-01-01");
        var rows = FactBuilder.step(step("append", "google.sheets.append", Map.of("minutesPerItem", "0.5", "items", "body.rows", "outcomePerItem", "2.10"),
                Settlement.StepOutcome.SUCCEEDED, 10, Map.of("body", Map.of("rows", List.of(1, 2, 3, 4))), false, NOON), book()).get(0);
        assertThat(rows.quantity()).isEqualByComparingTo("4");
        assertThat(rows.minutesSaved()).isEqualByComparingTo("2");
        assertThat(rows.outcome()).isEqualByComparingTo("8.40");
        assertThat(money(rows.valueSaved())).isEqualByComparingTo("10.40"); // 2 min at 60/h = 2.00, plus 8.40

        var counted = FactBuilder.step(step("n", "core.transform", Map.of("minutesPerItem", 1, "items", "count"), Settlement.StepOutcome.SUCCEEDED, 1,
                Map.of("count", 7), false, NOON), book()).get(0);
        assertThat(counted.minutesSaved()).isEqualByComparingTo("7");

        var loop = FactBuilder.step(step("each", "core.loop", Map.of("minutesPerItem", 2), Settlement.StepOutcome.SUCCEEDED, 0,
                Map.of("count", 5, "succeeded", 3, "failed", 2, "results", List.of()), false, NOON), book()).get(0);
        assertThat(loop.minutesSaved()).isEqualByComparingTo("6"); // only the items that succeeded

        var missing = FactBuilder.step(step("n", "core.transform", Map.of("minutesPerItem", 1, "minutes", 3, "items", "nope"),
                Settlement.StepOutcome.SUCCEEDED, 1, Map.of("count", 7), false, NOON), book()).get(0);
        assertThat(missing.minutesSaved()).isEqualByComparingTo("3");
    }

    @Test
    void failedAndRetryingAttemptsSaveNothingButTheirFeesAndComputeCount() {
        rate("50", "2026-01-01");
        assume(AssumptionKind.CALL_FEE, "slack.postMessage", null, "0.01", null, "2026-01-01", Confidence.HIGH);
        assume(AssumptionKind.COMPUTE_RATE, "", null, "3.60", null, "2026-01-01", Confidence.HIGH);
        Map<String, Object> value = Map.of("minutes", 5);
        var retry = FactBuilder.step(step("s", "slack.postMessage", value, Settlement.StepOutcome.RETRYING, 1000, null, false, NOON), book());
        var failed = FactBuilder.step(step("s", "slack.postMessage", value, Settlement.StepOutcome.FAILED, 500, null, false, NOON), book());
        var ok = FactBuilder.step(step("s", "slack.postMessage", value, Settlement.StepOutcome.SUCCEEDED, 2000, Map.of(), false, NOON), book());
        assertThat(retry).extracting(Fact::kind).containsExactly(FactKind.CALL, FactKind.COMPUTE);
        assertThat(failed).extracting(Fact::kind).containsExactly(FactKind.CALL, FactKind.COMPUTE);
        assertThat(ok).extracting(Fact::kind).containsExactly(FactKind.VALUE, FactKind.CALL, FactKind.COMPUTE);
        assertThat(money(retry.get(0).cost())).isEqualByComparingTo("0.01");
        assertThat(retry.get(1).cost()).isEqualByComparingTo("0.001"); // 1 s at 3.60 per hour
        assertThat(ok.get(2).cost()).isEqualByComparingTo("0.002");
    }

    @Test
    void aStepWithoutValueSettingsAndNoPricesWritesNothing() {
        rate("50", "2026-01-01");
        assertThat(FactBuilder.step(step("a", "core.noop", null, Settlement.StepOutcome.SUCCEEDED, 3, Map.of(), false, NOON), book())).isEmpty();
        assertThat(FactBuilder.step(step("a", "core.noop", Map.of("evidence", "x"), Settlement.StepOutcome.SUCCEEDED, 3, Map.of(), false, NOON), book()))
                .isEmpty();
        // settings that no longer parse (an old version) count as none rather than stopping the engine
        assertThat(FactBuilder.step(step("a", "core.noop", Map.of("minuts", 5), Settlement.StepOutcome.SUCCEEDED, 3, Map.of(), false, NOON), book()))
                .isEmpty();
    }

    @Test
    void modelTokensArePricedByTheLongestMatchingModelPrefix() {
        assume(AssumptionKind.LLM_PRICE, "gpt-4o", null, "2.50", "10", "2026-01-01", Confidence.HIGH);
        assume(AssumptionKind.LLM_PRICE, "gpt-4o-mini", null, "0.15", "0.60", "2026-01-01", Confidence.HIGH);
        var mini = FactBuilder.step(step("ask", "llm.chat", null, Settlement.StepOutcome.SUCCEEDED, 800,
                Map.of("model", "gpt-4o-mini-2024-07-18", "inputTokens", 1_000_000, "outputTokens", 500_000), false, NOON), book());
        assertThat(mini).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FactKind.LLM);
            assertThat(f.tokensIn()).isEqualTo(1_000_000);
            assertThat(money(f.cost())).isEqualByComparingTo("0.45"); // 0.15 + 0.30
        });
        var big = FactBuilder.step(step("ask", "llm.chat", null, Settlement.StepOutcome.SUCCEEDED, 800,
                Map.of("model", "gpt-4o-2024-08-06", "inputTokens", 2000, "outputTokens", 100), false, NOON), book()).get(0);
        assertThat(big.cost()).isEqualByComparingTo("0.006"); // 2000 x 2.50 / 1e6 + 100 x 10 / 1e6
        var unknown = FactBuilder.step(step("ask", "llm.anthropic", null, Settlement.StepOutcome.SUCCEEDED, 800,
                Map.of("model", "claude-sonnet-4-5", "inputTokens", 2000, "outputTokens", 100), false, NOON), book()).get(0);
        assertThat(unknown.cost()).isZero(); // tokens kept: a restatement with a price prices them
        assertThat(unknown.tokensOut()).isEqualTo(100);
    }

    @Test
    void anApprovalDecidedCostsItsMinutesAtItsRateAndATimedOutOneNothing() {
        rate("40", "2026-01-01");
        assume(AssumptionKind.HOURLY_RATE, "finance", null, "90", null, "2026-01-01", Confidence.MEDIUM);
        Map<String, Object> value = Map.of("minutesToDecide", 2, "rate", "finance");
        var decided = FactBuilder.step(step("ok?", "core.approval", value, Settlement.StepOutcome.SUCCEEDED, 0, Map.of("approved", true), true, NOON), book());
        assertThat(decided).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FactKind.APPROVAL);
            assertThat(f.minutesSpent()).isEqualByComparingTo("2");
            assertThat(money(f.cost())).isEqualByComparingTo("3.00");
        });
        assertThat(FactBuilder.step(step("ok?", "core.approval", value, Settlement.StepOutcome.SUCCEEDED, 0, Map.of("approved", false), false, NOON),
                book())).isEmpty();
        // an unknown rate name falls back to the default rate
        var fallback = FactBuilder.step(step("ok?", "core.approval", Map.of("minutesToDecide", 3, "rate", "legal"), Settlement.StepOutcome.SUCCEEDED, 0,
                Map.of(), true, NOON), book()).get(0);
        assertThat(money(fallback.cost())).isEqualByComparingTo("2.00");
    }

    @Test
    void anApproversOwnRateWinsOverTheStepsFromItsDayOn() {
        rate("40", "2026-01-01");
        assume(AssumptionKind.HOURLY_RATE, "finance", null, "90", null, "2026-01-01", Confidence.MEDIUM);
        assume(AssumptionKind.HOURLY_RATE, "partner", null, "300", null, "2026-01-01", Confidence.MEDIUM);
        var partner = new Assumption(UUID.randomUUID(), AssumptionKind.MEMBER_RATE, "grace@example.com", null, null, null, null, "partner",
                LocalDate.parse("2026-12-01"), "billing rate", null, Confidence.HIGH, "measured", null, "Olga Owner", Instant.parse("2026-11-02T00:00:00Z"));
        assumptions.add(partner);
        Map<String, Object> value = Map.of("minutesToDecide", 2, "rate", "finance");
        // Grace decided (as the approval records her: by email, in any case): 2 minutes at 300 an hour
        var byGrace = FactBuilder.step(step("ok?", "core.approval", value, Settlement.StepOutcome.SUCCEEDED, 0,
                Map.of("approved", true, "by", "Grace@Example.com"), true, NOON), book()).get(0);
        assertThat(byGrace.rateName()).isEqualTo("partner");
        assertThat(money(byGrace.cost())).isEqualByComparingTo("10.00");
        // someone without a rate of their own: the step's rate
        var byAda = FactBuilder.step(step("ok?", "core.approval", value, Settlement.StepOutcome.SUCCEEDED, 0,
                Map.of("approved", true, "by", "ada@example.com"), true, NOON), book()).get(0);
        assertThat(money(byAda.cost())).isEqualByComparingTo("3.00");
        // before her rate applied: the step's rate
        var before = FactBuilder.step(step("ok?", "core.approval", value, Settlement.StepOutcome.SUCCEEDED, 0,
                Map.of("approved", true, "by", "grace@example.com"), true, NOON.minus(java.time.Duration.ofDays(1))), book()).get(0);
        assertThat(money(before.cost())).isEqualByComparingTo("3.00");
    }

    @Test
    void aRunCountsAndASuccessfulOneCarriesTheWorkflowsValuePerRunAFailedOneItsTriage() {
        rate("50", "2026-01-01");
        assume(AssumptionKind.WORKFLOW_VALUE, WORKFLOW.toString(), "5", "1.25", null, "2026-01-01", Confidence.LOW);
        assume(AssumptionKind.TRIAGE_MINUTES, "", "12", null, null, "2026-01-01", Confidence.MEDIUM);
        var ok = FactBuilder.run(run(Settlement.RunOutcome.SUCCEEDED, NOON), book());
        assertThat(ok).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FactKind.RUN);
            assertThat(f.quantity()).isEqualByComparingTo("1000"); // the run's duration in ms
            assertThat(f.minutesSaved()).isEqualByComparingTo("5");
            assertThat(f.valueSaved()).isEqualByComparingTo("5.416667"); // 4.166667 + 1.25
            assertThat(f.confidence()).isEqualTo("low");
            assertThat(f.assumptions()).hasSize(2);
        });
        var failed = FactBuilder.run(run(Settlement.RunOutcome.FAILED, NOON), book());
        assertThat(failed).extracting(Fact::kind).containsExactly(FactKind.RUN, FactKind.TRIAGE);
        assertThat(failed.get(0).valueSaved()).isZero();
        assertThat(money(failed.get(1).cost())).isEqualByComparingTo("10.00");
        assertThat(FactBuilder.run(run(Settlement.RunOutcome.CANCELLED, NOON), book())).extracting(Fact::kind).containsExactly(FactKind.RUN);
        var item = new Settlement.Run(TENANT, WORKFLOW, VERSION, 1, UUID.randomUUID(), Settlement.RunOutcome.SUCCEEDED, true, UUID.randomUUID(), NOON, NOON);
        assertThat(FactBuilder.run(item, book())).isEmpty(); // a loop item's run is not a run of its own
    }

    @Test
    void sumsAreRoundedHalfEvenAtTheCurrencysScaleNotPerFact() {
        rate("50", "2026-01-01");
        assume(AssumptionKind.WORKFLOW_VALUE, WORKFLOW.toString(), "5", null, null, "2026-01-01", Confidence.HIGH);
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < 3; i++) {
            sum = sum.add(FactBuilder.run(run(Settlement.RunOutcome.SUCCEEDED, NOON), book()).get(0).valueSaved());
        }
        assertThat(RoiMaths.money(sum, "EUR")).isEqualByComparingTo("12.50"); // not 3 x 4.17 = 12.51
        assertThat(RoiMaths.money(new BigDecimal("0.125"), "EUR").toPlainString()).isEqualTo("0.12");
        assertThat(RoiMaths.money(new BigDecimal("0.135"), "EUR").toPlainString()).isEqualTo("0.14");
        assertThat(RoiMaths.money(new BigDecimal("1250.5"), "JPY").toPlainString()).isEqualTo("1250");
        assertThat(RoiMaths.money(new BigDecimal("1.0005"), "BHD").toPlainString()).isEqualTo("1.000");
    }

    @Test
    void theDayIsTheOrganizationsAndARateChangeAppliesFromItsDayOn() {
        rate("50", "2026-01-01");
        rate("80", "2026-12-02");
        Map<String, Object> value = Map.of("minutes", 60);
        // 23:30 UTC on Dec 1 is Dec 2 in Berlin: the new rate applies there, not in UTC
        Instant late = Instant.parse("2026-12-01T23:30:00Z");
        var utc = FactBuilder.step(step("a", "core.noop", value, Settlement.StepOutcome.SUCCEEDED, 1, Map.of(), false, late), book("EUR", "UTC")).get(0);
        var berlin = FactBuilder.step(step("a", "core.noop", value, Settlement.StepOutcome.SUCCEEDED, 1, Map.of(), false, late),
                book("EUR", "Europe/Berlin")).get(0);
        assertThat(utc.localDay()).isEqualTo(LocalDate.parse("2026-12-01"));
        assertThat(money(utc.valueSaved())).isEqualByComparingTo("50.00");
        assertThat(berlin.localDay()).isEqualTo(LocalDate.parse("2026-12-02"));
        assertThat(money(berlin.valueSaved())).isEqualByComparingTo("80.00");
    }

    @Test
    void ofTwoVersionsEffectiveTheSameDayTheLaterRecordedWins() {
        rate("50", "2026-01-01");
        rate("55", "2026-01-01");
        assertThat(book().rate(null, LocalDate.parse("2026-06-01")).orElseThrow().money()).isEqualByComparingTo("55");
        assertThat(book().rate(null, LocalDate.parse("2025-12-31"))).isEmpty();
    }

    @Test
    void restatingPricesTheKeptInputsAgainWithTheAssumptionsInForceNow() {
        rate("50", "2026-01-01");
        Fact before = FactBuilder.step(step("a", "core.noop", Map.of("minutes", 30, "outcome", 1), Settlement.StepOutcome.SUCCEEDED, 1, Map.of(), false, NOON),
                book()).get(0);
        assertThat(money(before.valueSaved())).isEqualByComparingTo("26.00");
        rate("70", "2026-11-15"); // recorded later, effective before the fact's day
        Fact after = RoiMaths.price(before, book());
        assertThat(money(after.valueSaved())).isEqualByComparingTo("36.00");
        assertThat(after.minutesSaved()).isEqualByComparingTo(before.minutesSaved());
        assertThat(after.assumptions()).isNotEqualTo(before.assumptions());
        // without a rate at all, minutes are worth nothing (but still counted as minutes)
        assertThat(RoiMaths.price(before, new RoiBook("EUR", ZoneId.of("UTC"), List.of())).valueSaved()).isEqualByComparingTo("1");
    }

    @Test
    void aRunsWorkflowValueFollowsItsVersionInForceAndZeroStopsCounting() {
        rate("60", "2026-01-01");
        assume(AssumptionKind.WORKFLOW_VALUE, WORKFLOW.toString(), "10", null, null, "2026-01-01", Confidence.HIGH);
        assume(AssumptionKind.WORKFLOW_VALUE, WORKFLOW.toString(), "0", null, null, "2026-12-01", Confidence.HIGH);
        assertThat(FactBuilder.run(run(Settlement.RunOutcome.SUCCEEDED, Instant.parse("2026-11-30T12:00:00Z")), book()).get(0).minutesSaved())
                .isEqualByComparingTo("10");
        assertThat(FactBuilder.run(run(Settlement.RunOutcome.SUCCEEDED, NOON), book()).get(0).valueSaved()).isZero();
    }
}
