package io.flowmeter.engine.service;

import io.flowmeter.tenancy.TenantContext;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.BackgroundJobServerStatus;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.navigation.AmountRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The safety net behind "nothing is lost": at start and then periodically it finds work that a crash left
 * committed but not dispatched and dispatches it again. Re-dispatching is always safe: jobs are keyed by step
 * attempt and status changes are conditional. It runs in the platform scope (it serves every tenant) and
 * costs a handful of indexed queries per sweep.
 * <ul>
 * <li>queued steps whose job is missing or ended (crash between commit and dispatch);</li>
 * <li>running steps whose job ended without recording an outcome;</li>
 * <li>waits that are due (delays, approval timeouts) or whose child run has finished, and timers due soon
 * (re-armed in memory after a restart);</li>
 * <li>running runs where nothing is queued, running or waiting (settled but not advanced).</li>
 * </ul>
 */
@Component
public class Recovery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    /** A server is dead when its last heartbeat is older than this (JobRunr beats once per poll, 15 s). */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);

    private final JdbcTemplate jdbc;
    private final StorageProvider storage;
    private final TransactionTemplate tx;
    private final JobDispatcher dispatcher;
    private final Engine engine;
    private final ObjectProvider<BackgroundJobServer> localServer;
    private final long intervalSeconds;
    private final long graceSeconds;
    private volatile @Nullable ScheduledExecutorService executor;
    private volatile @Nullable Instant followUpAt;

    Recovery(JdbcTemplate jdbc, StorageProvider storage, TransactionTemplate tx, JobDispatcher dispatcher, Engine engine,
             ObjectProvider<BackgroundJobServer> localServer, EngineProperties properties) {
        this.jdbc = jdbc;
        this.storage = storage;
        this.tx = tx;
        this.dispatcher = dispatcher;
        this.engine = engine;
        this.localServer = localServer;
        this.intervalSeconds = properties.recoveryIntervalSeconds();
        this.graceSeconds = properties.recoveryGraceSeconds();
    }

    /**
     * Takes over step jobs left PROCESSING by a node that stopped heart-beating (killed, frozen, cut off):
     * they are queued again at once instead of after JobRunr's orphan timeout (four polls, a minute at the
     * default poll). If the node was merely slow, the step runs twice with the same idempotency key and only
     * one outcome is recorded. Another server that would count as dead before the next sweep gets a check of its
     * own at that moment: a node restarted after a kill otherwise waited up to a sweep interval more for its
     * predecessor's steps.
     */
    int takeOverOrphans() {
        Instant now = Instant.now();
        Instant deadBefore = now.minus(HEARTBEAT_TIMEOUT);
        Set<UUID> alive = new HashSet<>();
        BackgroundJobServer local = localServer.getIfAvailable();
        @Nullable UUID self = local == null ? null : local.getId();
        Instant nextSweep = now.plusSeconds(intervalSeconds);
        @Nullable Instant nextDeath = null;
        for (BackgroundJobServerStatus server : storage.getBackgroundJobServers()) {
            Instant beat = server.getLastHeartbeat();
            if (beat != null && beat.isAfter(deadBefore)) {
                alive.add(server.getId());
                Instant deadAt = beat.plus(HEARTBEAT_TIMEOUT);
                if (!server.getId().equals(self) && deadAt.isBefore(nextSweep) && (nextDeath == null || deadAt.isBefore(nextDeath))) {
                    nextDeath = deadAt;
                }
            }
        }
        ScheduledExecutorService scheduler = executor;
        Instant pending = followUpAt;
        if (nextDeath != null && scheduler != null && (pending == null || !pending.isAfter(now))) {
            Instant at = nextDeath.plusMillis(100);
            followUpAt = at;
            scheduler.schedule(this::takeOverOrphansQuietly, Math.max(0, Duration.between(now, at).toMillis()), TimeUnit.MILLISECONDS);
        }
        // a dead server's jobs are orphans however recently it claimed them (processing jobs are few: one per worker)
        return takeOver(now, processing -> !alive.contains(processing.getServerId()), "stopped servers");
    }

    /**
     * The local job server stopped and was started again (see {@link JobServerWatchdog}): the step jobs it held
     * before {@code restartedAt} died with its old workers, though its heartbeat says it is alive; queue them again.
     */
    int takeOverJobsOf(UUID serverId, Instant restartedAt) {
        return takeOver(restartedAt, processing -> serverId.equals(processing.getServerId()), "the restarted job server");
    }

    private int takeOver(Instant updatedBefore, Predicate<ProcessingState> orphaned, String from) {
        int taken = 0;
        for (Job job : storage.getJobList(StateName.PROCESSING, updatedBefore, new AmountRequest("updatedAt:ASC", 1000))) {
            if (!StepJobHandler.class.getName().equals(job.getJobDetails().getClassName())) {
                continue;
            }
            ProcessingState processing = job.getJobState();
            if (!orphaned.test(processing)) {
                continue;
            }
            try {
                job.failed("Its server " + processing.getServerName() + " stopped", new IllegalStateException("server stopped"));
                job.enqueue();
                storage.save(job);
                taken++;
            } catch (ConcurrentJobModificationException e) {
                // JobRunr's own orphan handling got there first
            }
        }
        if (taken > 0) {
            log.info("Took over {} step jobs from {}", taken, from);
            dispatcher.wake();
        }
        return taken;
    }

    private void takeOverOrphansQuietly() {
        try {
            takeOverOrphans();
        } catch (RuntimeException e) {
            log.warn("Taking over orphaned step jobs failed: {}", e.getMessage());
        }
    }

    /** One sweep; returns how many things it re-dispatched or re-evaluated. */
    public int sweep() {
        int takenOver = takeOverOrphans();
        Instant stale = Instant.now().minusSeconds(graceSeconds);
        List<StepJob> jobs = new ArrayList<>();
        List<UUID[]> runs = new ArrayList<>();
        TenantContext.runAsPlatform(() -> tx.executeWithoutResult(status -> {
            jdbc.query("""
                    select tenant_id, run_id, id, attempt from step_runs
                    where status in ('QUEUED', 'RUNNING') and coalesce(started_at, queued_at) < ?
                      and (wake_at is null or wake_at < ?) limit 1000
                    """, rs -> {
                jobs.add(new StepJob(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getInt(4), StepJob.Mode.EXECUTE));
            }, Timestamp.from(stale), Timestamp.from(stale));
            jdbc.query("""
                    select tenant_id, run_id, id, attempt, waiting->>'kind', wake_at, status from step_runs
                    where status in ('WAITING', 'QUEUED') and wake_at is not null and wake_at < ? limit 1000
                    """, rs -> {
                StepJob.Mode mode = "QUEUED".equals(rs.getString(7)) ? StepJob.Mode.EXECUTE
                        : "delay".equals(rs.getString(5)) ? StepJob.Mode.RESUME : StepJob.Mode.TIMEOUT;
                StepJob job = new StepJob(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getInt(4), mode);
                Instant wakeAt = rs.getTimestamp(6).toInstant();
                if (wakeAt.isBefore(stale)) {
                    jobs.add(job);
                } else {
                    dispatcher.armLocalTimer(job.jobId(), wakeAt);
                }
            }, Timestamp.from(Instant.now().plus(JobDispatcher.LOCAL_TIMER_HORIZON)));
            jdbc.query("""
                    select s.tenant_id, s.run_id, s.id, s.attempt from step_runs s
                    join runs c on c.id = ((s.waiting->'info'->>'childRunId')::uuid)
                    where s.status = 'WAITING' and s.waiting->>'kind' = 'subworkflow'
                      and c.status in ('SUCCEEDED', 'FAILED', 'CANCELLED') and c.finished_at < ? limit 1000
                    """, rs -> {
                jobs.add(new StepJob(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getInt(4), StepJob.Mode.SIGNAL));
            }, Timestamp.from(stale));
            // a loop none of whose items is running (a lost signal would leave it waiting for ever)
            jdbc.query("""
                    select s.tenant_id, s.run_id, s.id, s.attempt from step_runs s join runs r on r.id = s.run_id
                    where s.status = 'WAITING' and s.waiting->>'kind' = 'loop' and r.status = 'RUNNING' and s.started_at < ?
                      and not exists (select 1 from runs c where c.parent_step_id = s.id
                                      and (c.status in ('RUNNING', 'PAUSED') or c.finished_at >= ?))
                    limit 1000
                    """, rs -> {
                jobs.add(new StepJob(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getInt(4), StepJob.Mode.SIGNAL));
            }, Timestamp.from(stale), Timestamp.from(stale));
            jdbc.query("""
                    select r.tenant_id, r.id from runs r
                    where r.status = 'RUNNING' and r.updated_at < ?
                      and not exists (select 1 from step_runs s where s.run_id = r.id and s.status in ('QUEUED', 'RUNNING', 'WAITING'))
                    limit 1000
                    """, rs -> {
                runs.add(new UUID[]{rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)});
            }, Timestamp.from(stale));
        }));
        dispatcher.redispatch(jobs);
        for (UUID[] run : runs) {
            TenantContext.runAsTenant(run[0], () -> engine.reevaluate(run[1]));
        }
        int total = takenOver + jobs.size() + runs.size();
        if (total > 0) {
            log.info("Recovery re-dispatched {} step jobs and re-evaluated {} runs", jobs.size(), runs.size());
        }
        return total;
    }

    /** Only where steps run: a node with a job server of its own (a worker, see {@code FLOWMETER_ROLES}). */
    @Override
    public boolean isAutoStartup() {
        return localServer.getIfAvailable() != null;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "flowmeter-recovery");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("Recovery sweep failed: {}", e.getMessage());
            }
        }, 2, intervalSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
