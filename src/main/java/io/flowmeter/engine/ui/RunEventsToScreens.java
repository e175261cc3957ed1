package io.flowmeter.engine.ui;

import io.flowmeter.engine.service.RunEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Hands the engine's run events (local, and from other nodes over NOTIFY) to the screens showing that run: each open
 * run view registers for its run and updates itself through push. Screens are told on this class's own threads, never
 * on the engine's: the event arrives after the engine's commit but still inside its transaction's completion, and a
 * screen's work (taking its session's lock, reading the run) must neither run there nor hold up the next step.
 */
@Component
class RunEventsToScreens implements org.springframework.beans.factory.DisposableBean {

    private final java.util.concurrent.ExecutorService delivery = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "flowmeter-screens");
        thread.setDaemon(true);
        return thread;
    });

    private final Map<UUID, Set<Consumer<RunEvent>>> screens = new ConcurrentHashMap<>();
    /** Screens that want every new run of an organization (the runs list's "N new runs"), by tenant. */
    private final Map<UUID, Set<Consumer<RunEvent>>> lists = new ConcurrentHashMap<>();

    AutoCloseable watch(UUID runId, Consumer<RunEvent> screen) {
        screens.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet()).add(screen);
        return () -> screens.computeIfPresent(runId, (id, set) -> {
            set.remove(screen);
            return set.isEmpty() ? null : set;
        });
    }

    /** Every run started in {@code tenantId}, until closed. */
    AutoCloseable watchStarts(UUID tenantId, Consumer<RunEvent> screen) {
        lists.computeIfAbsent(tenantId, id -> ConcurrentHashMap.newKeySet()).add(screen);
        return () -> lists.computeIfPresent(tenantId, (id, set) -> {
            set.remove(screen);
            return set.isEmpty() ? null : set;
        });
    }

    @EventListener
    void on(RunEvent event) {
        var watching = screens.get(event.runId());
        var listing = event.type() == RunEvent.Type.RUN_STARTED ? lists.get(event.tenantId()) : null;
        if (watching == null && listing == null) {
            return; // nobody looks: the usual case, and it costs the engine nothing
        }
        delivery.execute(() -> {
            if (watching != null) {
                watching.forEach(screen -> tell(screen, event));
            }
            if (listing != null) {
                listing.forEach(screen -> tell(screen, event));
            }
        });
    }

    private static void tell(Consumer<RunEvent> screen, RunEvent event) {
        try {
            screen.accept(event);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(RunEventsToScreens.class).debug("A screen failed to take a run event: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        delivery.shutdownNow();
    }
}
