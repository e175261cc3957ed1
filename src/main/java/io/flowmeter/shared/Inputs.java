package io.flowmeter.shared;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/** Checks for free-text input that every form shares. */
public final class Inputs {

    private Inputs() {
    }

    /** The stripped value, or a refusal naming {@code field} when it is blank or longer than {@code maxLength}. */
    public static String requireText(String field, String value, int maxLength, String whenBlank) {
        String clean = value == null ? "" : value.strip();
        if (clean.isEmpty()) {
            throw new InvalidInputException(field, whenBlank);
        }
        if (clean.length() > maxLength) {
            throw new InvalidInputException(field, "Use at most " + maxLength + " characters");
        }
        return clean;
    }

    /** A period bound from a query parameter: an instant (2026-12-01T09:30:00Z) or a date (UTC midnight); null if absent. */
    public static @Nullable Instant instant(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(value.strip()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (java.time.format.DateTimeParseException again) {
                throw new InvalidInputException(field, "'" + field + "' is a date (2026-12-01) or an instant (2026-12-01T09:30:00Z)");
            }
        }
    }
}
