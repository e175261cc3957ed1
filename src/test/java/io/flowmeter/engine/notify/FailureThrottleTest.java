package io.flowmeter.engine.notify;

import io.flowmeter.engine.notify.FailureThrottle.State;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The no-storm rule: one message per window, counting what failed meanwhile, and a fresh start after a quiet window. */
class FailureThrottleTest {

    static final Duration WINDOW = Duration.ofMinutes(10);
    final FailureThrottle throttle = new FailureThrottle(WINDOW);
    final Instant t0 = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void theFirstFailureEverIsDueAtOnce() {
        State state = throttle.failed(State.EMPTY, t0);
        assertThat(state).isEqualTo(new State(1, t0, t0, null));
        assertThat(throttle.due(state, t0)).isTrue();
    }

    @Test
    void failuresWithinTheWindowWaitForItsEndAndAreCounted() {
        State afterFirst = throttle.sent(throttle.failed(State.EMPTY, t0), 1, t0, t0);
        assertThat(afterFirst).isEqualTo(new State(0, null, null, t0));

        State second = throttle.failed(afterFirst, t0.plusSeconds(60));
        State third = throttle.failed(second, t0.plusSeconds(120));
        State fourth = throttle.failed(third, t0.plusSeconds(599));
        assertThat(fourth.pending()).isEqualTo(3);
        assertThat(fourth.firstFailedAt()).isEqualTo(t0.plusSeconds(60));
        assertThat(fourth.dueAt()).isEqualTo(t0.plus(WINDOW));
        assertThat(throttle.due(fourth, t0.plusSeconds(599))).isFalse();
        assertThat(throttle.due(fourth, t0.plus(WINDOW))).isTrue();

        Instant secondMessage = t0.plus(WINDOW).plusSeconds(3);
        State afterSecond = throttle.sent(fourth, 3, secondMessage, secondMessage);
        assertThat(afterSecond).isEqualTo(new State(0, null, null, secondMessage));
        // the window starts again with the second message
        assertThat(throttle.failed(afterSecond, secondMessage.plusSeconds(1)).dueAt()).isEqualTo(secondMessage.plus(WINDOW));
    }

    @Test
    void aFailureAfterAQuietWindowIsDueAtOnceAndTheCountStartsAgain() {
        State afterFirst = throttle.sent(throttle.failed(State.EMPTY, t0), 1, t0, t0);
        Instant later = t0.plus(WINDOW).plusSeconds(1);
        State next = throttle.failed(afterFirst, later);
        assertThat(next).isEqualTo(new State(1, later, later, t0));
        assertThat(throttle.due(next, later)).isTrue();
        assertThat(throttle.failed(afterFirst, t0.plus(WINDOW)).dueAt()).as("exactly at the window's end").isEqualTo(t0.plus(WINDOW));
    }

    @Test
    void failuresCountedWhileAMessageIsSentWaitForTheNextWindow() {
        State due = throttle.failed(State.EMPTY, t0);
        Instant readAt = t0.plusMillis(5);
        // two more failures after the sender read its count (1), before it recorded the delivery
        State meanwhile = throttle.failed(throttle.failed(due, t0.plusMillis(10)), t0.plusMillis(20));
        assertThat(meanwhile.pending()).isEqualTo(3);
        assertThat(meanwhile.dueAt()).as("already due: its message is being sent").isEqualTo(t0);

        Instant sentAt = t0.plusMillis(50);
        State after = throttle.sent(meanwhile, 1, readAt, sentAt);
        assertThat(after).isEqualTo(new State(2, readAt, sentAt.plus(WINDOW), sentAt));
        assertThat(throttle.due(after, sentAt.plusSeconds(1))).isFalse();
    }

    @Test
    void aMessageThatGotNowhereIsTriedAgainAWindowLaterWithItsCountKept() {
        State due = throttle.failed(throttle.failed(State.EMPTY, t0), t0.plusSeconds(1));
        Instant tried = t0.plusSeconds(2);
        State again = throttle.undelivered(due, tried);
        assertThat(again).isEqualTo(new State(2, t0, tried.plus(WINDOW), null));
        assertThat(throttle.due(again, tried.plusSeconds(1))).isFalse();
        assertThat(throttle.failed(again, tried.plusSeconds(5)).pending()).isEqualTo(3);
    }

    @Test
    void nothingPendingIsNeverDue() {
        assertThat(throttle.due(State.EMPTY, t0)).isFalse();
        assertThat(throttle.due(new State(0, null, null, t0), t0.plus(WINDOW))).isFalse();
    }

    @Test
    void theWindowIsWordedForPeople() {
        assertThat(FailureThrottle.describe(Duration.ofMinutes(10))).isEqualTo("10 minutes");
        assertThat(FailureThrottle.describe(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(FailureThrottle.describe(Duration.ofSeconds(4))).isEqualTo("4 seconds");
    }
}
