package io.flowmeter.audit;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * What to search the log for; every part optional. {@code actor} matches the actor's name (an email, an API key's
 * name) in part, ignoring case; {@code object} the object's id exactly or its name in part; {@code from} is
 * inclusive, {@code to} exclusive.
 */
public record AuditFilter(@Nullable Instant from, @Nullable Instant to, @Nullable String action, @Nullable String actor,
                          @Nullable String object) {

    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null);
}
