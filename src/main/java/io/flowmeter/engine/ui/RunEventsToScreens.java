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
 * run view registers for its run and updates itself through push.
 */
@Component
class RunEventsToScreens {

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
        if (watching != null) {
            watching.forEach(screen -> screen.accept(event));
        }
        var listing = event.type() == RunEvent.Type.RUN_STARTED ? lists.get(event.tenantId()) : null;
        if (listing != null) {
            listing.forEach(screen -> screen.accept(event));
        }
    }
}
