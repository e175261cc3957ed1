package io.flowmeter.analytics.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a day is a sharp drop against the same weekday of the weeks before. */
class DropRuleTest {

    static DropRule.Day day(long runs, String value) {
        return new DropRule.Day(runs, new BigDecimal(value));
    }

    final DropRule rule = DropRule.DEFAULT;

    @Test
    void runsAtHalfTheBaselineOrLessAreADrop() {
        var baseline = List.of(day(40, "80"), day(40, "80"), day(40, "80"), day(40, "80"));
        assertThat(rule.judge(baseline, day(20, "40"))).get().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(AlertKind.VOLUME_DROP);
            assertThat(d.baseline()).isEqualByComparingTo("40");
            assertThat(d.actual()).isEqualByComparingTo("20");
        });
        assertThat(rule.judge(baseline, day(21, "42"))).isEmpty();
        assertThat(rule.judge(baseline, day(0, "0"))).get().extracting(DropRule.Drop::kind).isEqualTo(AlertKind.VOLUME_DROP);
    }

    @Test
    void valueAtHalfOrLessWithTheRunsHoldingUpIsAValueDrop() {
        var baseline = List.of(day(20, "100"), day(20, "100"), day(20, "100"), day(20, "100"));
        assertThat(rule.judge(baseline, day(20, "50"))).get().extracting(DropRule.Drop::kind).isEqualTo(AlertKind.VALUE_DROP);
        assertThat(rule.judge(baseline, day(20, "50.01"))).isEmpty();
        // a workflow without value settings never raises a value drop
        var noValue = List.of(day(20, "0"), day(20, "0"), day(20, "0"), day(20, "0"));
        assertThat(rule.judge(noValue, day(20, "0"))).isEmpty();
    }

    @Test
    void missingWeeksCountAsNoRunsAndTooFewActiveWeeksMeanNoBaseline() {
        // three busy weeks out of four: mean 22.5 (90 / 4), half of it 11.25
        assertThat(rule.judge(List.of(day(30, "0"), day(30, "0"), day(30, "0")), day(11, "0"))).isPresent();
        assertThat(rule.judge(List.of(day(30, "0"), day(30, "0"), day(30, "0")), day(12, "0"))).isEmpty();
        // two busy weeks: a new workflow, not judged
        assertThat(rule.judge(List.of(day(100, "0"), day(100, "0")), day(0, "0"))).isEmpty();
        assertThat(rule.judge(List.of(), day(0, "0"))).isEmpty();
    }

    @Test
    void aQuietWorkflowIsNotJudged() {
        // mean 4.75 runs a day: below the 5 that make a baseline
        var quiet = List.of(day(5, "1"), day(5, "1"), day(5, "1"), day(4, "1"));
        assertThat(rule.judge(quiet, day(0, "0"))).isEmpty();
        var busyEnough = List.of(day(5, "1"), day(5, "1"), day(5, "1"), day(5, "1"));
        assertThat(rule.judge(busyEnough, day(0, "0"))).isPresent();
    }

    @Test
    void rulesAndBaselinesOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new DropRule(4, 5, BigDecimal.ONE, new BigDecimal("0.5"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DropRule(4, 3, BigDecimal.ONE, BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DropRule(0, 0, BigDecimal.ONE, new BigDecimal("0.5"))).isInstanceOf(IllegalArgumentException.class);
        var five = List.of(day(1, "0"), day(1, "0"), day(1, "0"), day(1, "0"), day(1, "0"));
        assertThatThrownBy(() -> rule.judge(five, day(0, "0"))).isInstanceOf(IllegalArgumentException.class);
    }
}
