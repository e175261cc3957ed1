package io.flowmeter.engine.service;

import io.flowmeter.shared.DatabaseAvailability;
import org.jobrunr.server.BackgroundJobServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * JobRunr's background job server stops for good when its heartbeat or its polls fail a few times in a row (about
 * 11 s into a database outage: "An unrecoverable error occurred. Shutting down BackgroundJobServer"), and JobRunr
 * OSS never starts it again: the node would go on accepting runs and never run a step. This starts it again as
 * soon as the database can be reached, and queues again the step jobs its old workers held. If it cannot be
 * started although the database is reachable, the node cannot heal itself: liveness is broken, so that the
 * orchestrator restarts it.
 */
@Component
class JobServerWatchdog implements SmartLifecycle {

    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    /** How long restarts may keep failing with the database reachable before the node asks to be restarted. */
    static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(JobServerWatchdog.class);

    private final ObjectProvider<BackgroundJobServer> server;
    private final DatabaseAvailability database;
    private final Recovery recovery;
    private final ApplicationEventPublisher events;
    // only the watchdog's thread touches these
    private @Nullable Instant stoppedSince;
    private @Nullable Instant failingSince;
    private boolean broken;
    private volatile @Nullable ScheduledExecutorService executor;

    JobServerWatchdog(ObjectProvider<BackgroundJobServer> server, DatabaseAvailability database, Recovery recovery,
                      ApplicationEventPublisher events) {
        this.server = server;
        this.database = database;
        this.recovery = recovery;
        this.events = events;
    }

    void check(Instant now) {
        BackgroundJobServer jobServer = server.getIfAvailable();
        if (jobServer == null || broken) {
            return;
        }
        if (jobServer.isRunning()) {
            stoppedSince = null;
            failingSince = null;
            return;
        }
        if (stoppedSince == null) {
            stoppedSince = now; // it may be between two states: look again next time
            return;
        }
        if (!database.isReachable()) {
            failingSince = null; // a start would fail and stop again; nothing to gain before the database is back
            return;
        }
        if (failingSince == null) {
            failingSince = now;
        }
        try {
            Instant restartedAt = Instant.now();
            jobServer.start(); // waits for a stop still under way to finish
            int requeued = recovery.takeOverJobsOf(jobServer.getId(), restartedAt);
            log.warn("JobRunr's background job server had stopped (since {}); started it again and queued {} of its step jobs again",
                    stoppedSince, requeued);
        } catch (RuntimeException e) {
            log.warn("Could not start JobRunr's background job server again: {}", e.getMessage());
        }
        if (!jobServer.isRunning() && Duration.between(failingSince, now).compareTo(GIVE_UP_AFTER) >= 0) {
            broken = true;
            log.error("JobRunr's background job server has not started for {} although the database can be reached; "
                    + "this node can no longer run steps: liveness is DOWN", GIVE_UP_AFTER);
            AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
        }
    }

    /** Only where there is a job server to watch (a worker, see {@code FLOWMETER_ROLES}). */
    @Override
    public boolean isAutoStartup() {
        return server.getIfAvailable() != null;
    }

    @Override
    public void start() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "flowmeter-job-server-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                check(Instant.now());
            } catch (RuntimeException e) {
                log.warn("Job server watchdog check failed: {}", e.getMessage());
            }
        }, CHECK_INTERVAL.toMillis(), CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        executor = scheduler;
    }

    @Override
    public void stop() {
        ScheduledExecutorService scheduler = executor;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
