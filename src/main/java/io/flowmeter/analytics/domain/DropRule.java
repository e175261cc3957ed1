package io.flowmeter.analytics.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * When a workflow's day counts as a sharp drop against its own recent baseline. The baseline is the same weekday in
 * each of the {@link #weeks} weeks before (so a workflow that rests at weekends does not raise a notice every
 * Saturday); a day with no runs counts as zero. A workflow is judged only once it was busy on at least
 * {@link #activeWeeks} of those days and averaged at least {@link #minRuns} runs on them: a new or rarely used one
 * has no baseline worth the name. A drop is a day at or below {@link #share} of the baseline's mean.
 *
 * @param weeks       how many earlier same weekdays make the baseline
 * @param activeWeeks how many of them must have had runs
 * @param minRuns     the baseline's least mean of runs per day
 * @param share       the share of the baseline's mean at or below which a day is a drop (0.5: half or less)
 */
public record DropRule(int weeks, int activeWeeks, BigDecimal minRuns, BigDecimal share) {

    public static final DropRule DEFAULT = new DropRule(4, 3, BigDecimal.valueOf(5), new BigDecimal("0.5"));

    /** A day's runs and value (money saved) for one workflow. */
    public record Day(long runs, BigDecimal value) {
        public static final Day NONE = new Day(0, BigDecimal.ZERO);
    }

    /** A drop found: what the baseline's mean was and what the day had. */
    public record Drop(AlertKind kind, BigDecimal baseline, BigDecimal actual) {
    }

    public DropRule {
        if (weeks < 1 || activeWeeks < 1 || activeWeeks > weeks || minRuns.signum() < 0 || share.signum() <= 0 || share.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("A drop rule needs 1 <= activeWeeks <= weeks, minRuns >= 0 and 0 < share < 1");
        }
    }

    /**
     * The drop on {@code day}, if any, given the same weekday of the weeks before ({@code baseline}, any order, at
     * most {@link #weeks}; missing weeks count as no runs). A drop in runs is reported as such; a drop in value only
     * when the runs held up (otherwise the runs explain it).
     */
    public Optional<Drop> judge(List<Day> baseline, Day day) {
        if (baseline.size() > weeks) {
            throw new IllegalArgumentException("At most " + weeks + " baseline days");
        }
        long active = baseline.stream().filter(d -> d.runs() > 0).count();
        if (active < activeWeeks) {
            return Optional.empty();
        }
        BigDecimal weeksCount = BigDecimal.valueOf(weeks);
        BigDecimal meanRuns = BigDecimal.valueOf(baseline.stream().mapToLong(Day::runs).sum()).divide(weeksCount, 6, RoundingMode.HALF_EVEN);
        if (meanRuns.compareTo(minRuns) < 0) {
            return Optional.empty();
        }
        if (BigDecimal.valueOf(day.runs()).compareTo(meanRuns.multiply(share)) <= 0) {
            return Optional.of(new Drop(AlertKind.VOLUME_DROP, meanRuns, BigDecimal.valueOf(day.runs())));
        }
        BigDecimal meanValue = baseline.stream().map(Day::value).reduce(BigDecimal.ZERO, BigDecimal::add).divide(weeksCount, 6, RoundingMode.HALF_EVEN);
        if (meanValue.signum() > 0 && day.value().compareTo(meanValue.multiply(share)) <= 0) {
            return Optional.of(new Drop(AlertKind.VALUE_DROP, meanValue, day.value()));
        }
        return Optional.empty();
    }
}
