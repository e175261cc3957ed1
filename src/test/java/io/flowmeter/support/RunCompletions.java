package io.flowmeter.support;

import io.flowmeter.engine.service.RunEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Records when runs finish, from the engine's own events, so tests and benchmarks need not poll. */
@Component
public class RunCompletions {

    private final Map<UUID, Long> finished = new ConcurrentHashMap<>();
    private final Map<UUID, CountDownLatch> waiting = new ConcurrentHashMap<>();

    @EventListener
    void on(RunEvent event) {
        if (event.type() == RunEvent.Type.RUN_SUCCEEDED || event.type() == RunEvent.Type.RUN_FAILED
                || event.type() == RunEvent.Type.RUN_CANCELLED) {
            finished.put(event.runId(), System.nanoTime());
            CountDownLatch latch = waiting.remove(event.runId());
            if (latch != null) {
                latch.countDown();
            }
        }
    }

    /** Waits for the run to finish; returns {@link System#nanoTime()} at which it did. */
    public long await(UUID runId, Duration timeout) throws InterruptedException {
        CountDownLatch latch = waiting.computeIfAbsent(runId, id -> new CountDownLatch(1));
        if (!finished.containsKey(runId) && !latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("run " + runId + " did not finish within " + timeout);
        }
        waiting.remove(runId);
        return finished.get(runId);
    }
}
