package io.flowmeter.engine.service;

import org.jobrunr.server.BackgroundJobServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * A worker's SIGTERM: it stops taking new steps, lets the running ones finish (JobRunr waits
 * {@code FLOWMETER_SHUTDOWN_TIMEOUT}, then interrupts them), and releases what it still held so another node takes it at
 * once rather than after a heartbeat timeout: the steps the timeout interrupted (released, not failed: see
 * {@link NodeShutdown}) and its step jobs still marked as its own are queued again, its in-memory
 * timers are handed to their durable jobs at their own due times, and the other nodes are woken. Stops before every
 * other part of the application (the highest phase), while the database and the HTTP server still work.
 */
@Component
class GracefulStop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

    private final ObjectProvider<BackgroundJobServer> server;
    private final JobServerWatchdog watchdog;
    private final Recovery recovery;
    private final JobDispatcher dispatcher;
    private final NodeShutdown shutdown;
    private volatile boolean running;

    GracefulStop(ObjectProvider<BackgroundJobServer> server, JobServerWatchdog watchdog, Recovery recovery, JobDispatcher dispatcher,
                 NodeShutdown shutdown) {
        this.shutdown = shutdown;
        this.server = server;
        this.watchdog = watchdog;
        this.recovery = recovery;
        this.dispatcher = dispatcher;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        BackgroundJobServer jobServer = server.getIfAvailable();
        if (jobServer == null) {
            return;
        }
        watchdog.stop(); // it would start the server we are stopping again
        shutdown.begin(); // a step interrupted from here on is released, not failed
        long started = System.nanoTime();
        int busy = jobServer.isRunning() ? jobServer.getJobSteward().getOccupiedWorkerCount() : 0;
        log.info("Stopping: taking no new steps, letting {} running steps finish", busy);
        jobServer.stop(); // returns when its workers are done (or interrupted past the shutdown timeout)
        Instant stoppedAt = Instant.now();
        List<StepJob> interrupted = shutdown.drainReleased();
        dispatcher.redispatch(interrupted);
        int released = interrupted.size() + recovery.takeOverJobsOf(jobServer.getId(), stoppedAt);
        int timers = dispatcher.handOverTimers();
        dispatcher.handOverWake(); // tell the other nodes there is work, even one that joined a moment ago
        log.info("Stopped in {} ms: released {} step jobs and handed over {} timers to the other nodes",
                (System.nanoTime() - started) / 1_000_000, released, timers);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first: before the job server's own destruction, the database pools and the web server. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
