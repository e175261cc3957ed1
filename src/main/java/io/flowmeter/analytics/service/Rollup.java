package io.flowmeter.analytics.service;

import io.flowmeter.analytics.AnalyticsProperties;
import io.flowmeter.tenancy.TenantContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every node, every rollup interval: adds the facts written since to roi_hourly, batch by batch until none is left
 * (a node that was down catches up). One indexed query when there is nothing to do.
 */
@Component
class Rollup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Rollup.class);

    private final FactStore facts;
    private final TransactionTemplate tx;
    private final AnalyticsProperties properties;
    private volatile @Nullable ScheduledExecutorService executor;

    Rollup(FactStore facts, TransactionTemplate tx, AnalyticsProperties properties) {
        this.facts = facts;
        this.tx = tx;
        this.properties = properties;
    }

    /** Rolls up until nothing is left; returns how many facts it added. */
    int catchUp() {
        int total = 0;
        while (true) {
            Integer rolled = TenantContext.callAsPlatform(() -> tx.execute(status -> facts.rollUp()));
            int count = rolled == null ? 0 : rolled;
            total += count;
            if (count < FactStore.ROLLUP_BATCH) {
                return total;
            }
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "flowmeter-roi-rollup");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.rollupInterval().toMillis();
        started.scheduleWithFixedDelay(() -> {
            try {
                catchUp();
            } catch (RuntimeException e) {
                log.warn("ROI rollup failed, trying again in {} ms: {}", interval, e.getMessage());
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
