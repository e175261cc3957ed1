package io.flowmeter.connector.spi;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads typed values out of rendered parameters, with messages a workflow builder can act on. */
public final class ParamValues {

    private ParamValues() {
    }

    /** ISO-8601 ({@code PT5M}, {@code P2D}) or a number of milliseconds. */
    public static Optional<Duration> duration(String name, @Nullable Object value) throws ActionException {
        if (value == null || value.toString().isBlank()) {
            return Optional.empty();
        }
        if (value instanceof Number n) {
            return Optional.of(Duration.ofMillis(n.longValue()));
        }
        String text = value.toString().strip();
        try {
            return Optional.of(text.matches("\\d+") ? Duration.ofMillis(Long.parseLong(text)) : Duration.parse(text));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ActionException.permanent("'" + name + "' must be an ISO-8601 duration like PT5M or milliseconds, not '" + text + "'");
        }
    }

    public static Optional<Instant> instant(String name, @Nullable Object value) throws ActionException {
        if (value == null || value.toString().isBlank()) {
            return Optional.empty();
        }
        String text = value.toString().strip();
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException e2) {
                throw ActionException.permanent("'" + name + "' must be an ISO-8601 time like 2026-01-31T09:00:00Z, not '" + text + "'");
            }
        }
    }
}
