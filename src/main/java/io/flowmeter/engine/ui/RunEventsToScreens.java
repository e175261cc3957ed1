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

    AutoCloseable watch(UUID runId, Consumer<RunEvent> screen) {
        screens.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet()).add(screen);
        return () -> screens.computeIfPresent(runId, (id, set) -> {
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
    }
}
