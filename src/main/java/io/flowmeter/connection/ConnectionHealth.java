package io.flowmeter.connection;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.UUID;

/** The current organization's connections that cannot be used until someone reconnects or fixes them. */
public interface ConnectionHealth {

    /** A connection needing attention; {@code status} is NEEDS_RECONNECT, ERROR or REVOKED. */
    record Problem(UUID id, String name, String connector, String status, @Nullable String message) {
    }

    List<Problem> needingAttention();
}
