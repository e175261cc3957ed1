package io.flowmeter.engine.service;

import io.flowmeter.shared.DatabaseAvailability;
import org.jobrunr.server.BackgroundJobServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** JobRunr's job server stops itself in a database outage; the watchdog brings it back, or asks for a restart. */
class JobServerWatchdogTest {

    private final BackgroundJobServer server = mock(BackgroundJobServer.class);
    private final AtomicBoolean reachable = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Recovery recovery = mock(Recovery.class);
    private final ApplicationEventPublisher events = mock(ApplicationEventPublisher.class);
    private final UUID serverId = UUID.randomUUID();
    private final Instant t0 = Instant.parse("2026-12-01T09:00:00Z");
    private JobServerWatchdog watchdog;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        ObjectProvider<BackgroundJobServer> servers = mock(ObjectProvider.class);
        when(servers.getIfAvailable()).thenReturn(server);
        when(server.getId()).thenReturn(serverId);
        when(server.isRunning()).thenAnswer(call -> running.get());
        DatabaseAvailability database = reachable::get;
        watchdog = new JobServerWatchdog(servers, database, recovery, events);
    }

    @Test
    void aServerThatStoppedInAnOutageIsStartedAgainOnceTheDatabaseIsBackWithItsStepJobsQueuedAgain() {
        doAnswer(call -> {
            running.set(true);
            return null;
        }).when(server).start();

        watchdog.check(t0);                 // noticed
        watchdog.check(t0.plusSeconds(1));  // database still down: starting would only fail again
        watchdog.check(t0.plusSeconds(20));
        verify(server, never()).start();

        reachable.set(true);
        watchdog.check(t0.plusSeconds(21));
        verify(server).start();
        verify(recovery).takeOverJobsOf(eq(serverId), any());
        verify(events, never()).publishEvent(any(ApplicationEvent.class));
    }

    @Test
    void aServerThatCannotBeStartedAlthoughTheDatabaseIsReachableBreaksLiveness() {
        reachable.set(true);
        doThrow(new IllegalStateException("no")).when(server).start();

        watchdog.check(t0);
        for (int s = 1; s < JobServerWatchdog.GIVE_UP_AFTER.toSeconds() + 1; s++) {
            watchdog.check(t0.plusSeconds(s));
        }
        verify(events, never()).publishEvent(any(ApplicationEvent.class));
        watchdog.check(t0.plusSeconds(JobServerWatchdog.GIVE_UP_AFTER.toSeconds() + 1));

        ArgumentCaptor<ApplicationEvent> event = ArgumentCaptor.forClass(ApplicationEvent.class);
        verify(events).publishEvent(event.capture());
        assertThat(((AvailabilityChangeEvent<?>) event.getValue()).getState()).isEqualTo(LivenessState.BROKEN);
    }

    @Test
    void aRunningServerIsLeftAlone() {
        running.set(true);
        reachable.set(true);
        watchdog.check(t0);
        watchdog.check(t0.plusSeconds(5));
        verify(server, never()).start();
    }
}
