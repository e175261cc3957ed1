package io.flowmeter.connector.spi;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Map;

/**
 * One execution of an action.
 *
 * @param idempotencyKey stable for this step attempt: a job that runs twice after a crash sends the same key,
 *                       so a service that honours it applies the effect once
 * @param timeout        how long the action may take, from the step's {@code timeoutMs}
 */
public record ActionRequest(Map<String, Object> params, @Nullable Credentials credentials, String idempotencyKey,
                            StepLogger logger, Duration timeout, StepContext context) {

    public @Nullable Object param(String name) {
        return params.get(name);
    }

    public String string(String name, String fallback) {
        Object value = params.get(name);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }
}
