package io.flowmeter.analytics.domain;

import java.util.Locale;

/** How sure the owner of an assumption is of it; a figure is as sure as the least sure assumption it rests on. */
public enum Confidence {
    LOW, MEDIUM, HIGH;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Confidence of(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Confidence is low, medium or high, not '" + text + "'");
        }
    }

    public Confidence min(Confidence other) {
        return ordinal() <= other.ordinal() ? this : other;
    }
}
