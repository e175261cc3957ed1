package io.flowmeter.engine.service;

import io.flowmeter.engine.Settlement;
import io.flowmeter.engine.SettlementListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's meters (Micrometer; on {@code /actuator/prometheus}): steps started, succeeded, failed and retried per
 * connector, how long steps worked and waited in the queue (histograms), runs finished by outcome, and waits at a
 * connection's rate limit. Outcomes are counted once their transaction committed, so a chain of quick steps that is
 * rolled back and run again counts once.
 */
@Component
class EngineMetrics implements SettlementListener {

    /** One connector's step meters, made on its first step: a lookup per step, nothing built. */
    private record StepMeters(Counter started, Counter succeeded, Counter failed, Counter retried, Timer duration, Timer queueWait) {

        static StepMeters of(MeterRegistry registry, String connector) {
            return new StepMeters(
                    Counter.builder("flowmeter.steps.started").description("Step attempts started").tag("connector", connector).register(registry),
                    ended(registry, connector, "succeeded"), ended(registry, connector, "failed"), ended(registry, connector, "retried"),
                    histogram(registry, "flowmeter.step.duration", "How long step attempts worked", connector),
                    histogram(registry, "flowmeter.step.queue.wait", "From a step being queued to its attempt starting", connector));
        }

        private static Counter ended(MeterRegistry registry, String connector, String outcome) {
            return Counter.builder("flowmeter.steps").description("Step attempts ended, by outcome (retried: another attempt follows)")
                    .tag("connector", connector).tag("outcome", outcome).register(registry);
        }

        private static Timer histogram(MeterRegistry registry, String name, String description, String connector) {
            return Timer.builder(name).description(description).tag("connector", connector).publishPercentileHistogram()
                    .maximumExpectedValue(Duration.ofMinutes(10)).register(registry);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, StepMeters> byConnector = new ConcurrentHashMap<>();
    private final Map<Settlement.RunOutcome, Counter> runsFinished = new java.util.EnumMap<>(Settlement.RunOutcome.class);
    private final Counter rateLimited;

    EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Settlement.RunOutcome outcome : Settlement.RunOutcome.values()) {
            runsFinished.put(outcome, Counter.builder("flowmeter.runs.finished").description("Runs finished, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
        this.rateLimited = Counter.builder("flowmeter.connection.rate.limit.waits")
                .description("Steps held because their connection was over its rate limit").register(registry);
    }

    private StepMeters meters(@Nullable String type) {
        return byConnector.computeIfAbsent(connector(type), connector -> StepMeters.of(registry, connector));
    }

    /** The connector of a step type ("http" of "http.request"): a tag of few values. */
    static String connector(@Nullable String type) {
        if (type == null || type.isBlank()) {
            return "unknown";
        }
        int dot = type.indexOf('.');
        return dot > 0 ? type.substring(0, dot) : type;
    }

    /** A step attempt passed its checks and starts, {@code waited} after it was queued. */
    void started(@Nullable String type, @Nullable Duration waited) {
        StepMeters meters = meters(type);
        meters.started().increment();
        if (waited != null && !waited.isNegative()) {
            meters.queueWait().record(waited);
        }
    }

    /** A step was held at its connection's rate limit (it waits durably and tries again). */
    void rateLimited() {
        rateLimited.increment();
    }

    @Override
    public void settled(List<Settlement> settlements) {
        List<Settlement> batch = new ArrayList<>(settlements);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count(batch);
                }
            });
        } else {
            count(batch);
        }
    }

    private void count(List<Settlement> batch) {
        for (Settlement settlement : batch) {
            if (settlement instanceof Settlement.Step step) {
                StepMeters meters = meters(step.type());
                switch (step.outcome()) {
                    case SUCCEEDED -> meters.succeeded().increment();
                    case FAILED -> meters.failed().increment();
                    case RETRYING -> meters.retried().increment();
                }
                if (step.executed()) {
                    meters.duration().record(Duration.ofMillis(step.busyMs()));
                }
            } else if (settlement instanceof Settlement.Run run && !run.itemRun()) {
                runsFinished.get(run.outcome()).increment();
            }
        }
    }
}
