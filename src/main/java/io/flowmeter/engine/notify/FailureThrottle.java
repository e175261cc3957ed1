package io.flowmeter.engine.notify;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;

/**
 * The no-storm rule for one workflow: the first failure after a quiet window is reported at once; failures within
 * {@code window} of the previous message wait until the window ends and are reported together, as a count. Pure
 * decisions on the state of a locked {@code failure_notices} row; times come from the database's clock.
 */
record FailureThrottle(Duration window) {

    /**
     * @param pending       failures not reported yet
     * @param firstFailedAt when the first of them failed (null when none is pending)
     * @param dueAt         when the message reporting them may be sent (null when none is pending)
     * @param lastSentAt    when the previous message went out (null: never)
     */
    record State(int pending, @Nullable Instant firstFailedAt, @Nullable Instant dueAt, @Nullable Instant lastSentAt) {
        static final State EMPTY = new State(0, null, null, null);
    }

    /** "10 minutes", "30 seconds". */
    static String describe(Duration window) {
        long minutes = window.toMinutes();
        return minutes >= 1 ? minutes + (minutes == 1 ? " minute" : " minutes") : window.toSeconds() + " seconds";
    }

    /** A run failed at {@code now}. */
    State failed(State state, Instant now) {
        if (state.pending() > 0 && state.dueAt() != null) {
            return new State(state.pending() + 1, state.firstFailedAt(), state.dueAt(), state.lastSentAt());
        }
        Instant windowEnds = state.lastSentAt() == null ? now : state.lastSentAt().plus(window);
        return new State(state.pending() + 1, state.firstFailedAt() == null ? now : state.firstFailedAt(),
                windowEnds.isAfter(now) ? windowEnds : now, state.lastSentAt());
    }

    boolean due(State state, Instant now) {
        return state.pending() > 0 && state.dueAt() != null && !state.dueAt().isAfter(now);
    }

    /**
     * A message reporting {@code reported} failures (those pending at {@code readAt}) went out at {@code now}: the
     * window starts again, and failures counted while it was being sent wait for its end.
     */
    State sent(State state, int reported, Instant readAt, Instant now) {
        int left = Math.max(0, state.pending() - reported);
        return left == 0 ? new State(0, null, null, now) : new State(left, readAt, now.plus(window), now);
    }

    /** Nothing got through, for reasons that may pass (a server that did not answer): try again when a window has passed. */
    State undelivered(State state, Instant now) {
        return new State(state.pending(), state.firstFailedAt(), now.plus(window), state.lastSentAt());
    }
}
