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

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter rateLimited;

    EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rateLimited = Counter.builder("flowmeter.connection.rate.limit.waits")
                .description("Steps held because their connection was over its rate limit").register(registry);
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
        String connector = connector(type);
        counter("flowmeter.steps.started", "Step attempts started", connector, null).increment();
        if (waited != null && !waited.isNegative()) {
            timer("flowmeter.step.queue.wait", "From a step being queued to its attempt starting", connector).record(waited);
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
                String connector = connector(step.type());
                String outcome = switch (step.outcome()) {
                    case SUCCEEDED -> "succeeded";
                    case FAILED -> "failed";
                    case RETRYING -> "retried";
                };
                counter("flowmeter.steps", "Step attempts ended, by outcome (retried: another attempt follows)", connector, outcome).increment();
                if (step.executed()) {
                    timer("flowmeter.step.duration", "How long step attempts worked", connector).record(Duration.ofMillis(step.busyMs()));
                }
            } else if (settlement instanceof Settlement.Run run && !run.itemRun()) {
                counter("flowmeter.runs.finished", "Runs finished, by outcome", null, run.outcome().name().toLowerCase(java.util.Locale.ROOT))
                        .increment();
            }
        }
    }

    private Counter counter(String name, String description, @Nullable String connector, @Nullable String outcome) {
        return counters.computeIfAbsent(name + "|" + connector + "|" + outcome, key -> {
            var builder = Counter.builder(name).description(description);
            if (connector != null) {
                builder.tag("connector", connector);
            }
            if (outcome != null) {
                builder.tag("outcome", outcome);
            }
            return builder.register(registry);
        });
    }

    private Timer timer(String name, String description, String connector) {
        return timers.computeIfAbsent(name + "|" + connector, key -> Timer.builder(name).description(description).tag("connector", connector)
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(10)).register(registry));
    }
}
