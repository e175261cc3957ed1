package io.flowmeter.analytics.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** Which period an emailed statement covers, sent on a given day. */
class CadenceTest {

    @Test
    void weeklyIsTheLastWholeMondayToSunday() {
        // Tuesday 1 December 2026
        assertThat(Cadence.WEEKLY.lastWholePeriod(LocalDate.of(2026, 12, 1)))
                .isEqualTo(new Cadence.Period(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 29)));
        // on a Monday: the week that ended yesterday
        assertThat(Cadence.WEEKLY.lastWholePeriod(LocalDate.of(2026, 11, 30)))
                .isEqualTo(new Cadence.Period(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 29)));
        // on a Sunday: not the week under way
        assertThat(Cadence.WEEKLY.lastWholePeriod(LocalDate.of(2026, 11, 29)))
                .isEqualTo(new Cadence.Period(LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 22)));
        // across a year's end
        assertThat(Cadence.WEEKLY.lastWholePeriod(LocalDate.of(2027, 1, 2)))
                .isEqualTo(new Cadence.Period(LocalDate.of(2026, 12, 21), LocalDate.of(2026, 12, 27)));
    }

    @Test
    void theNextPeriodIsTheOneTheDayAfterTheLastSentFallsIn() {
        assertThat(Cadence.WEEKLY.periodOf(LocalDate.of(2026, 11, 30)))
                .isEqualTo(new Cadence.Period(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 6)));
        assertThat(Cadence.WEEKLY.periodOf(LocalDate.of(2026, 12, 6)))
                .isEqualTo(new Cadence.Period(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 6)));
        assertThat(Cadence.MONTHLY.periodOf(LocalDate.of(2026, 12, 1)))
                .isEqualTo(new Cadence.Period(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31)));
        assertThat(Cadence.MONTHLY.periodOf(LocalDate.of(2027, 2, 14)))
                .isEqualTo(new Cadence.Period(LocalDate.of(2027, 2, 1), LocalDate.of(2027, 2, 28)));
    }

    @Test
    void monthlyIsTheLastWholeCalendarMonth() {
        assertThat(Cadence.MONTHLY.lastWholePeriod(LocalDate.of(2026, 12, 1)))
                .isEqualTo(new Cadence.Period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)));
        assertThat(Cadence.MONTHLY.lastWholePeriod(LocalDate.of(2026, 11, 30)))
                .isEqualTo(new Cadence.Period(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31)));
        assertThat(Cadence.MONTHLY.lastWholePeriod(LocalDate.of(2027, 1, 15)))
                .isEqualTo(new Cadence.Period(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31)));
        // February of a leap year
        assertThat(Cadence.MONTHLY.lastWholePeriod(LocalDate.of(2028, 3, 1)))
                .isEqualTo(new Cadence.Period(LocalDate.of(2028, 2, 1), LocalDate.of(2028, 2, 29)));
    }
}
