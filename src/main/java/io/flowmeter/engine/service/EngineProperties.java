package io.flowmeter.engine.service;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The engine's settings ({@code flowmeter.engine.*}).
 *
 * @param recoveryIntervalSeconds how often each node sweeps for steps a dead node left behind
 * @param recoveryGraceSeconds    how long a node may miss its heartbeat before its steps are taken over
 * @param inlineSteps             at most this many quick steps that a quick step makes ready run in its transaction
 *                                instead of as jobs of their own; 0 gives every step a job
 * @param inlineBudget            and only until the chain has used this much of its thread's CPU time
 */
@ConfigurationProperties("flowmeter.engine")
public record EngineProperties(@DefaultValue("10") long recoveryIntervalSeconds,
                               @DefaultValue("20") long recoveryGraceSeconds,
                               @DefaultValue("32") int inlineSteps,
                               @DefaultValue("20ms") Duration inlineBudget) {

    public EngineProperties {
        if (recoveryIntervalSeconds < 1 || recoveryGraceSeconds < 1) {
            throw new IllegalArgumentException("flowmeter.engine.recovery-interval-seconds and recovery-grace-seconds must be at least 1");
        }
        if (inlineSteps < 0 || inlineBudget.isNegative()) {
            throw new IllegalArgumentException("flowmeter.engine.inline-steps and inline-budget must not be negative");
        }
    }
}
