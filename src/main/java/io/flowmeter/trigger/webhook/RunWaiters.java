package io.flowmeter.trigger.webhook;

import io.flowmeter.engine.service.RunEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets a webhook request in "wait" mode wait for its run: released when the chosen step succeeds or the run ends,
 * from the engine's events (local, or from other nodes over NOTIFY). No thread is held by the engine for it.
 */
@Component
class RunWaiters {

    private record Waiter(String nodeId, CompletableFuture<Void> done) {
    }

    private final Map<UUID, Waiter> waiters = new ConcurrentHashMap<>();

    /** Register before starting the run, so no event is missed. */
    CompletableFuture<Void> register(UUID runId, String nodeId) {
        var waiter = new Waiter(nodeId, new CompletableFuture<>());
        waiters.put(runId, waiter);
        return waiter.done();
    }

    /** Waits up to {@code timeout}; true when released in time. Always unregisters. */
    boolean await(UUID runId, CompletableFuture<Void> done, Duration timeout) {
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        } finally {
            waiters.remove(runId);
        }
    }

    void forget(UUID runId) {
        waiters.remove(runId);
    }

    @EventListener
    void on(RunEvent event) {
        Waiter waiter = waiters.get(event.runId());
        if (waiter == null) {
            return;
        }
        boolean stepDone = event.nodeId() != null && event.nodeId().equals(waiter.nodeId())
                && (event.type() == RunEvent.Type.STEP_SUCCEEDED || event.type() == RunEvent.Type.STEP_FAILED
                || event.type() == RunEvent.Type.STEP_SKIPPED);
        boolean runDone = event.type() == RunEvent.Type.RUN_SUCCEEDED || event.type() == RunEvent.Type.RUN_FAILED
                || event.type() == RunEvent.Type.RUN_CANCELLED;
        if (stepDone || runDone) {
            waiter.done().complete(null);
        }
    }
}
