package io.flowmeter.engine.service;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.spring.autoconfigure.JobRunrProperties;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands step jobs to JobRunr without inheriting its polling latency.
 * <ul>
 * <li>Jobs are saved with ids derived from the step attempt. The jobs a transaction's decisions call for are
 * written in that transaction ({@link JobRows}), so the step states and their jobs commit together; re-dispatches
 * (recovery, resume, timers) are saved on their own. Saving an attempt that already has a job is a no-op, so
 * recovery may re-dispatch freely.</li>
 * <li>While the local job server has idle workers, new jobs are saved already claimed by it and handed straight to
 * its workers (no claim query, no wake-up).</li>
 * <li>After saving, the local background job server is woken at once (its steward claims work when a worker
 * becomes idle), other nodes through PostgreSQL {@code NOTIFY}; wake-ups are best effort, so while our own
 * jobs are outstanding a 25 ms tick repeats the wake-up for a few seconds. Idle, nothing ticks.</li>
 * <li>Timers (retry backoff, delays, approval timeouts) are JobRunr scheduled jobs, durable across restarts;
 * those due within {@link #LOCAL_TIMER_HORIZON} also get an in-memory timer that enqueues the job on time
 * instead of at JobRunr's next poll. The durable job is the fallback, so it is due a little more than one poll
 * interval later than the timer: JobRunr moves scheduled jobs up to one poll interval early, and had both moved
 * the same job at once, JobRunr would report the lost race as a severe error ("please create a bug report").
 * Recovery re-arms timers from the steps' own due times, so a node that dies does not leave them to the fallback.</li>
 * </ul>
 */
@Component
public class JobDispatcher implements AutoCloseable {

    static final Duration LOCAL_TIMER_HORIZON = Duration.ofMinutes(10);
    private static final long TICK_MILLIS = 25;
    /** Workers kept free of hand-offs, so that jobs queued by other nodes or by timers are still claimed. */
    private static final int HAND_OFF_HEADROOM = 2;
    private static final long HAND_OFF_STALE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long TICK_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);

    private final StorageProvider storage;
    private final ObjectProvider<BackgroundJobServer> server;
    private final ObjectProvider<WorkNotifier> notifier;
    /** Fires due timers; never shares a thread with the nudges, whose wake-ups query the database. */
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "flowmeter-timers");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService nudger = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "flowmeter-wakeups");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<java.util.UUID, Instant> localTimers = new ConcurrentHashMap<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Jobs handed straight to a local worker that have not started yet. */
    private final Map<java.util.UUID, Long> handedOff = new ConcurrentHashMap<>();
    private final AtomicLong lastDispatch = new AtomicLong();
    private volatile ScheduledFuture<?> ticker;
    private final Duration durableTimerLag;

    private final @org.jspecify.annotations.Nullable JobRows rows;

    JobDispatcher(StorageProvider storage, ObjectProvider<BackgroundJobServer> server, ObjectProvider<WorkNotifier> notifier,
                  JobRunrProperties jobRunr) {
        this(storage, server, notifier, jobRunr, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    JobDispatcher(StorageProvider storage, ObjectProvider<BackgroundJobServer> server, ObjectProvider<WorkNotifier> notifier,
                  JobRunrProperties jobRunr, @org.jspecify.annotations.Nullable JobRows rows) {
        this.rows = rows;
        this.storage = storage;
        this.server = server;
        this.notifier = notifier;
        this.durableTimerLag = Duration.ofSeconds(jobRunr.getBackgroundJobServer().getPollIntervalInSeconds() + 5L);
    }

    /**
     * New jobs for the current transaction's decisions: saved in that transaction (so they commit with the step states
     * that call for them, in one commit), started once it committed; at once when there is no transaction.
     */
    public void enqueueWithTransaction(List<StepJob> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        if (rows == null || !TransactionSynchronizationManager.isActualTransactionActive()) {
            afterCommit(() -> enqueue(jobs));
            return;
        }
        BackgroundJobServer local = handOffTarget(jobs.size());
        List<Job> batch = newJobs(jobs, local);
        java.util.Set<java.util.UUID> inserted = rows.insertNew(batch);
        afterCommit(() -> {
            List<StepJob> existed = jobs.stream().filter(job -> !inserted.contains(job.jobId())).toList();
            started(batch.stream().filter(job -> inserted.contains(job.getId())).toList(), local);
            if (!existed.isEmpty()) {
                redispatch(existed); // another dispatch got there first: make sure that job runs
            }
        });
    }

    private static List<Job> newJobs(List<StepJob> jobs, @org.jspecify.annotations.Nullable BackgroundJobServer local) {
        List<Job> batch = new ArrayList<>(jobs.size());
        for (StepJob job : jobs) {
            Job fresh = new Job(job.jobId(), new JobDetails(job), new EnqueuedState());
            if (local != null) {
                fresh.startProcessingOn(local); // claimed by this node as it is saved
            }
            batch.add(fresh);
        }
        return batch;
    }

    /** Saved jobs: handed to the local server's workers when it claimed them, otherwise announced to every server. */
    private void started(List<Job> saved, @org.jspecify.annotations.Nullable BackgroundJobServer local) {
        if (saved.isEmpty()) {
            return;
        }
        if (local != null) {
            for (Job job : saved) {
                handedOff.put(job.getId(), System.nanoTime());
                local.processJob(job);
            }
            return;
        }
        outstanding.addAndGet(saved.size());
        wake();
    }

    /** Schedules after the current transaction commits (at once when there is none). */
    public void scheduleAfterCommit(StepJob job, Instant at) {
        afterCommit(() -> schedule(job, at));
    }

    public void enqueue(List<StepJob> jobs) {
        BackgroundJobServer local = handOffTarget(jobs.size());
        List<Job> batch = newJobs(jobs, local);
        try {
            storage.save(batch);
        } catch (StorageException e) {
            // some attempts already had jobs (the insert saved none): handle them one by one, through the queue
            for (StepJob job : jobs) {
                ensureEnqueued(new Job(job.jobId(), new JobDetails(job), new EnqueuedState()));
            }
            outstanding.addAndGet(jobs.size());
            wake();
            return;
        }
        started(batch, local);
    }

    /**
     * The local job server when it has idle workers for {@code count} more jobs: those are saved already claimed by
     * it and handed straight to its workers, skipping the wake-up and the claim query (a commit and a few thread
     * hand-offs per step). A crash before they run leaves them to JobRunr's orphaned-job check and our recovery,
     * exactly like jobs it claimed itself. Busy, jobs are queued for whichever node claims them first.
     */
    private @org.jspecify.annotations.Nullable BackgroundJobServer handOffTarget(int count) {
        BackgroundJobServer jobServer = server.getIfAvailable();
        if (jobServer == null || !jobServer.isRunning() || jobServer.isNotReadyToProcessJobs()) {
            return null;
        }
        if (!handedOff.isEmpty()) {
            // one that never reached our handler (its server stopped, or JobRunr found it changed) must not hold a worker
            long stale = System.nanoTime() - HAND_OFF_STALE_NANOS;
            handedOff.values().removeIf(at -> at < stale);
        }
        int workers = jobServer.getWorkDistributionStrategy().getWorkerCount();
        int busy = jobServer.getJobSteward().getOccupiedWorkerCount() + handedOff.size();
        return busy + count <= workers - HAND_OFF_HEADROOM ? jobServer : null;
    }

    /**
     * Makes sure each attempt has a job that will run now: creates missing ones, re-enqueues ones that already
     * ended (a job that found its run paused, or one that failed for want of a database) and enqueues scheduled ones
     * (a timer that fell due while no node was alive to fire it: JobRunr would move it only once a new master is
     * elected, a minute after the dead one's last heartbeat; one not yet due comes back to its timer). For resume
     * and recovery.
     */
    public void redispatch(List<StepJob> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        for (StepJob job : jobs) {
            ensureEnqueued(new Job(job.jobId(), new JobDetails(job), new EnqueuedState()));
        }
        outstanding.addAndGet(jobs.size());
        wake();
    }

    /** Re-dispatches after the current transaction commits. */
    public void redispatchAfterCommit(List<StepJob> jobs) {
        if (!jobs.isEmpty()) {
            afterCommit(() -> redispatch(jobs));
        }
    }

    public void schedule(StepJob job, Instant at) {
        if (!at.isAfter(Instant.now())) {
            enqueue(List.of(job));
            return;
        }
        saveIfAbsent(new Job(job.jobId(), new JobDetails(job), new ScheduledState(at.plus(durableTimerLag))));
        armLocalTimer(job.jobId(), at);
    }

    /** Gives a scheduled job an in-memory timer when it is due soon (also used by recovery after a restart). */
    void armLocalTimer(java.util.UUID jobId, Instant at) {
        Duration wait = Duration.between(Instant.now(), at);
        if (wait.compareTo(LOCAL_TIMER_HORIZON) > 0 || localTimers.putIfAbsent(jobId, at) != null) {
            return;
        }
        timers.schedule(() -> {
            localTimers.remove(jobId);
            enqueueScheduled(jobId);
        }, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    /**
     * JobRunr moves scheduled jobs to the queue up to one poll interval early; a job that arrives before its
     * time comes back here and is re-dispatched on time (recovery covers a crash in between).
     */
    void redispatchAt(StepJob job, Instant at) {
        timers.schedule(() -> redispatch(List.of(job)), Math.max(0, Duration.between(Instant.now(), at).toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Called by each step job as it starts. */
    void started(java.util.UUID jobId) {
        if (handedOff.remove(jobId) == null) {
            outstanding.updateAndGet(n -> Math.max(0, n - 1));
        }
    }

    /** Makes the local job server look for work now; tells other nodes too. */
    public void wake() {
        lastDispatch.set(System.nanoTime());
        wakeLocal();
        WorkNotifier remote = notifier.getIfAvailable();
        if (remote != null) {
            remote.announceWork();
        }
        ensureTicking();
    }

    /** Tells the other nodes there is work, whether or not this node last saw any: for a node handing over as it stops. */
    void handOverWake() {
        WorkNotifier remote = notifier.getIfAvailable();
        if (remote != null) {
            remote.announceWorkNow();
        }
    }

    void wakeLocal() {
        BackgroundJobServer jobServer = server.getIfAvailable();
        if (jobServer != null && jobServer.isRunning()) {
            jobServer.getJobSteward().notifyThreadOccupied();
            jobServer.getJobSteward().notifyThreadIdle();
        }
    }

    private void enqueueScheduled(java.util.UUID jobId) {
        try {
            Job job = storage.getJobById(jobId);
            if (job.getState() == StateName.SCHEDULED) {
                job.enqueue();
                storage.save(job);
            }
        } catch (JobNotFoundException | ConcurrentJobModificationException e) {
            // gone, or JobRunr's own poll moved it first
        } catch (RuntimeException e) {
            log.warn("Could not fire timer for job {}; JobRunr's poll will: {}", jobId, e.getMessage());
        }
        // wake the server in every case: JobRunr's poll may have moved the job to the queue early without
        // claiming it, and then it would wait there for the next poll
        outstanding.incrementAndGet();
        wake();
    }

    private void saveIfAbsent(Job job) {
        try {
            storage.getJobById(job.getId());
        } catch (JobNotFoundException missing) {
            try {
                storage.save(job);
            } catch (StorageException raced) {
                // another dispatcher saved it a moment ago
            }
        }
    }

    private void ensureEnqueued(Job fresh) {
        try {
            Job existing = storage.getJobById(fresh.getId());
            StateName state = existing.getState();
            if (state == StateName.SUCCEEDED || state == StateName.FAILED || state == StateName.DELETED
                    || state == StateName.SCHEDULED) {
                existing.enqueue();
                storage.save(existing);
            }
        } catch (JobNotFoundException missing) {
            try {
                storage.save(fresh);
            } catch (StorageException raced) {
                // another dispatcher saved it a moment ago
            }
        } catch (ConcurrentJobModificationException raced) {
            // its state changed meanwhile: it is being handled
        }
    }

    private synchronized void ensureTicking() {
        if (ticker == null || ticker.isDone()) {
            ticker = nudger.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        boolean recent = System.nanoTime() - lastDispatch.get() < TICK_WINDOW_NANOS;
        if (outstanding.get() > 0 && recent) {
            wakeLocal();
            return;
        }
        if (!recent) {
            outstanding.set(0); // another node ran them, or JobRunr's poll will
        }
        synchronized (this) {
            if (ticker != null && (outstanding.get() == 0 || !recent)) {
                ticker.cancel(false);
            }
        }
    }

    /**
     * What the committed transaction decided stands even if its jobs cannot be saved now (the database went away
     * between the commit and the dispatch): recovery dispatches committed work that has no job. Failing the caller
     * instead would tell an API client that nothing started, and its retry would start the run twice.
     */
    private static void afterCommit(Runnable action) {
        Runnable guarded = () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.warn("Could not hand committed step jobs to JobRunr ({}); recovery will dispatch them", e.getMessage());
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    guarded.run();
                }
            });
        } else {
            action.run();
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        nudger.shutdownNow();
    }

    /**
     * This node is stopping: its in-memory timers will not fire, so their durable jobs are moved to the timers' own
     * due times (from a poll interval later), for whichever node's JobRunr moves scheduled jobs; answers how many.
     */
    int handOverTimers() {
        timers.shutdownNow();
        int handed = 0;
        for (Map.Entry<java.util.UUID, Instant> timer : Map.copyOf(localTimers).entrySet()) {
            try {
                Job job = storage.getJobById(timer.getKey());
                if (job.getState() == StateName.SCHEDULED) {
                    job.scheduleAt(timer.getValue(), "Its node stopped; due at the timer's time");
                    storage.save(job);
                    handed++;
                }
            } catch (JobNotFoundException | ConcurrentJobModificationException e) {
                // fired or handled meanwhile
            } catch (RuntimeException e) {
                log.warn("Could not hand over timer {}: {}", timer.getKey(), e.getMessage());
            }
        }
        localTimers.clear();
        return handed;
    }
}
