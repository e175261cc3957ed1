package io.flowmeter.analytics.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/** How often the ROI statement is emailed: each covers the last whole period before the day it is sent. */
public enum Cadence {
    /** Monday to Sunday, sent from the Monday after. */
    WEEKLY("Weekly: Monday to Sunday"),
    /** A calendar month, sent from the 1st of the next. */
    MONTHLY("Monthly: a calendar month");

    /** A period of days, both inclusive. */
    public record Period(LocalDate from, LocalDate to) {
    }

    private final String label;

    Cadence(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The period {@code day} falls in. */
    public Period periodOf(LocalDate day) {
        return switch (this) {
            case WEEKLY -> {
                LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new Period(monday, monday.plusDays(6));
            }
            case MONTHLY -> new Period(day.withDayOfMonth(1), day.with(TemporalAdjusters.lastDayOfMonth()));
        };
    }

    /** The last whole period that ended before {@code today}. */
    public Period lastWholePeriod(LocalDate today) {
        return switch (this) {
            case WEEKLY -> {
                LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new Period(monday.minusWeeks(1), monday.minusDays(1));
            }
            case MONTHLY -> {
                LocalDate first = today.withDayOfMonth(1);
                yield new Period(first.minusMonths(1), first.minusDays(1));
            }
        };
    }
}
