package io.flowmeter.connector.spi;

import org.jspecify.annotations.Nullable;

import java.time.Duration;

/**
 * An action failed. Retryable failures (I/O, timeouts, 5xx, 429) are tried again per the step's retry policy,
 * not before {@code retryAfter} when the service said so; the rest (validation, other 4xx) fail at once.
 */
public class ActionException extends Exception {

    private final boolean retryable;
    private final @Nullable Duration retryAfter;
    private final boolean unauthorized;

    private ActionException(String message, boolean retryable, @Nullable Duration retryAfter, @Nullable Throwable cause,
                            boolean unauthorized) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.unauthorized = unauthorized;
    }

    private ActionException(String message, boolean retryable, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        this(message, retryable, retryAfter, cause, false);
    }

    /**
     * The service rejected the credentials (HTTP 401). Not retryable as such, but when they are a refreshable
     * OAuth2 token the engine refreshes it and runs the action once more.
     */
    public static ActionException unauthorized(String message) {
        return new ActionException(message, false, null, null, true);
    }

    public boolean unauthorized() {
        return unauthorized;
    }

    /** The service answered 429: retryable, and the connection's shared budget is spent so other steps wait too. */
    public static ActionException rateLimited(String message, @Nullable Duration retryAfter) {
        var e = new ActionException(message, true, retryAfter, null, false);
        e.rateLimited = true;
        return e;
    }

    private boolean rateLimited;

    public boolean rateLimited() {
        return rateLimited;
    }

    public static ActionException retryable(String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        return new ActionException(message, true, retryAfter, cause);
    }

    public static ActionException permanent(String message) {
        return new ActionException(message, false, null, null);
    }

    public boolean retryable() {
        return retryable;
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}
