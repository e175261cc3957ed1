package io.flowmeter.workflow.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a step is retried: exponential backoff from {@code initialDelayMs} by
 * {@code multiplier}, capped at {@code maxDelayMs}, with "full jitter" (a random delay between half and all
 * of the computed one) so that failing steps of many runs do not retry in lockstep.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryPolicy(@Nullable Integer maxAttempts, @Nullable Long initialDelayMs, @Nullable Double multiplier,
                          @Nullable Long maxDelayMs) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, 1_000L, 2.0, 60_000L);

    public int attempts() {
        return maxAttempts == null ? DEFAULT.maxAttempts : maxAttempts;
    }

    /** The delay before attempt {@code nextAttempt} (2 for the first retry), jitter not applied. */
    public Duration baseDelay(int nextAttempt) {
        long initial = initialDelayMs == null ? DEFAULT.initialDelayMs : initialDelayMs;
        double factor = multiplier == null ? DEFAULT.multiplier : multiplier;
        long cap = maxDelayMs == null ? Math.max(initial, DEFAULT.maxDelayMs) : maxDelayMs;
        double delay = initial * Math.pow(factor, Math.max(0, nextAttempt - 2));
        return Duration.ofMillis((long) Math.min(cap, delay));
    }

    /** The delay with jitter, never below what the service asked for ({@code Retry-After}). */
    public Duration delay(int nextAttempt, @Nullable Duration atLeast) {
        long base = baseDelay(nextAttempt).toMillis();
        long jittered = base <= 1 ? base : base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        Duration delay = Duration.ofMillis(jittered);
        return atLeast != null && atLeast.compareTo(delay) > 0 ? atLeast : delay;
    }

    public static RetryPolicy orDefault(@Nullable RetryPolicy policy) {
        return policy == null ? DEFAULT : policy;
    }
}
