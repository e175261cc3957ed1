package io.flowmeter.shared;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of a newest-first list ends: the last row's time and id, as the opaque {@code next} value clients send
 * back as {@code cursor}. A cursor that does not decode is refused with a 400 naming the parameter.
 */
public record KeysetCursor(Instant at, UUID id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent; null when it sent none (the first page). */
    public static @Nullable KeysetCursor decode(@Nullable String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a time and an id expected");
            }
            return new KeysetCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw new InvalidInputException("cursor", "The cursor is not valid; use the 'next' value of a previous page");
        }
    }
}
