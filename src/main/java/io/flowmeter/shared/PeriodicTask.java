package io.flowmeter.shared;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Work every worker node does on its own, at a fixed delay from when the previous round ended (a sweep, a rollup): one
 * daemon thread named for it, started and stopped with the application, on nodes with the {@code worker} role (see
 * {@link NodeRoles}; every node unless told otherwise). A round that fails is logged and tried again at the next
 * interval; it never stops the schedule.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String threadName;
    private final Duration interval;
    private volatile @Nullable ScheduledExecutorService executor;
    private boolean onThisNode = true;

    protected PeriodicTask(String threadName, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(threadName + ": the interval must be positive");
        }
        this.threadName = threadName;
        this.interval = interval;
    }

    @org.springframework.beans.factory.annotation.Autowired(required = false)
    void setNodeRoles(NodeRoles roles) {
        this.onThisNode = roles.worker();
    }

    /** Started with the application on worker nodes only (web nodes leave sweeps and rollups to the workers). */
    @Override
    public boolean isAutoStartup() {
        return onThisNode;
    }

    /** One round of the work. */
    protected abstract void runOnce();

    /** What the log says when a round failed ("ROI rollup"). */
    protected abstract String description();

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        started.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.warn("{} failed, trying again in {} ms: {}", description(), millis, e.getMessage());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
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
