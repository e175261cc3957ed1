package io.flowmeter.trigger.schedule;

import io.flowmeter.connector.core.ScheduleParams;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.service.TenantService;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.service.WorkflowService;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.storage.StorageProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Schedule triggers: each fire of a workflow's recurring job (kept in step by {@code RecurringTriggers}); each fire locks the workflow's schedule row
 * while it applies the overlap policy, so two fires never both decide "nothing is running".
 */
@Service
public class ScheduleService {

    private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);
    static final Duration QUEUE_POLL = Duration.ofSeconds(5);
    static final int MAX_QUEUED = 10;

    /** A schedule as its editors see it. */
    public record ScheduleView(String expression, String timezone, String overlap, boolean active, List<Instant> next,
                               long fired, long skipped, int queued, @Nullable Instant lastFiredAt) {
    }

    private final StorageProvider jobs;
    private final WorkflowService workflows;
    private final RunService runs;
    private final TenantService tenants;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    /** Workflows with fires queued by this node (workflow → tenant): when a run of theirs ends, the next fire goes at once. */
    private final Map<UUID, UUID> queuedHere = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService firesOnRunEnd = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "flowmeter-queued-fires");
        thread.setDaemon(true);
        return thread;
    });

    ScheduleService(StorageProvider jobs, WorkflowService workflows, RunService runs, TenantService tenants, JdbcTemplate jdbc,
                    TransactionTemplate tx) {
        this.jobs = jobs;
        this.workflows = workflows;
        this.runs = runs;
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** The schedule of the latest published version, when the workflow is not paused. */
    private Optional<ScheduleParams> activeSchedule(UUID workflowId) {
        try {
            if (workflows.isPaused(workflowId)) {
                return Optional.empty();
            }
            return scheduleOf(workflows.latestVersion(workflowId));
        } catch (NotFoundException | ConflictException e) {
            return Optional.empty(); // deleted, or never published
        }
    }

    private Optional<ScheduleParams> scheduleOf(WorkflowVersion version) {
        return scheduleOf(workflows.definitionOf(version));
    }

    private static Optional<ScheduleParams> scheduleOf(WorkflowDefinition definition) {
        return definition.trigger().filter(t -> "trigger.schedule".equals(t.type())).flatMap(t -> {
            try {
                return Optional.of(ScheduleParams.parse(t.paramsOrEmpty()));
            } catch (ScheduleParams.Invalid invalid) {
                return Optional.empty();
            }
        });
    }

    /** One fire, from a JobRunr worker. */
    void fire(ScheduleFire fire) {
        TenantContext.runAsTenant(fire.tenantId(), () -> {
            if (!tenants.isActive(fire.tenantId())) {
                log.info("Schedule of workflow {} not fired: its organization is suspended", fire.workflowId());
                return;
            }
            Optional<ScheduleParams> params = activeSchedule(fire.workflowId());
            if (params.isEmpty()) {
                // paused or no longer scheduled: a stale recurring job
                jobs.deleteRecurringJob(ScheduleFire.recurringJobId(fire.workflowId()));
                return;
            }
            WorkflowVersion version = workflows.latestVersion(fire.workflowId());
            Instant now = Instant.now();
            String outcome = tx.execute(status -> decide(fire, version, params.get().overlap(), now));
            log.debug("Schedule of workflow {}: {}", fire.workflowId(), outcome);
        });
    }

    private String decide(ScheduleFire fire, WorkflowVersion version, ScheduleParams.Overlap overlap, Instant now) {
        UUID workflowId = fire.workflowId();
        jdbc.update("insert into schedules (workflow_id, tenant_id) values (?, ?) on conflict (workflow_id) do nothing",
                workflowId, fire.tenantId());
        Map<String, Object> row = jdbc.queryForMap("select queued from schedules where workflow_id = ? for update", workflowId);
        boolean queuedFire = fire.queued();
        Long active = jdbc.queryForObject("select count(*) from runs where workflow_id = ? and status in ('RUNNING', 'PAUSED')",
                Long.class, workflowId);
        if (active != null && active > 0 && overlap != ScheduleParams.Overlap.ALLOW) {
            if (overlap == ScheduleParams.Overlap.SKIP) {
                jdbc.update("update schedules set skipped = skipped + 1 where workflow_id = ?", workflowId);
                return "skipped (a run is still going)";
            }
            int queued = ((Number) row.get("queued")).intValue();
            if (queuedFire && queued == 0) {
                return "already served"; // a run's end started this queued fire early; its polling job is done
            }
            if (!queuedFire && queued >= MAX_QUEUED) {
                jdbc.update("update schedules set skipped = skipped + 1 where workflow_id = ?", workflowId);
                return "skipped (" + MAX_QUEUED + " fires already queued)";
            }
            if (!queuedFire) {
                jdbc.update("update schedules set queued = queued + 1 where workflow_id = ?", workflowId);
            }
            jobs.save(new Job(new JobDetails(new ScheduleFire(fire.tenantId(), workflowId, true)), new ScheduledState(now.plus(QUEUE_POLL))));
            queuedHere.put(workflowId, fire.tenantId());
            return "queued";
        }
        if (queuedFire) {
            int queued = ((Number) row.get("queued")).intValue();
            if (queued == 0) {
                return "already served";
            }
            jdbc.update("update schedules set queued = queued - 1 where workflow_id = ?", workflowId);
            if (queued == 1) {
                queuedHere.remove(workflowId);
            }
        }
        jdbc.update("update schedules set fired = fired + 1, last_fired_at = ? where workflow_id = ?", java.sql.Timestamp.from(now), workflowId);
        runs.startTriggered(UUID.randomUUID(), workflowId, version, Map.of("firedAt", now.toString()), "schedule");
        return "started";
    }

    /**
     * A run ended: if its workflow has fires queued on this node, the next one starts now instead of at its next
     * poll (every 5 s, then JobRunr's own poll). Only runs of such workflows cost a lookup; the polling job stays as
     * the fallback (another node's run, a restart) and finds the fire already served.
     */
    @org.springframework.context.event.EventListener
    void onRunEnded(io.flowmeter.engine.service.RunEvent event) {
        if (queuedHere.isEmpty() || !queuedHere.containsValue(event.tenantId())
                || !java.util.EnumSet.of(io.flowmeter.engine.service.RunEvent.Type.RUN_SUCCEEDED, io.flowmeter.engine.service.RunEvent.Type.RUN_FAILED,
                io.flowmeter.engine.service.RunEvent.Type.RUN_CANCELLED).contains(event.type())) {
            return;
        }
        firesOnRunEnd.execute(() -> {
            try {
                UUID workflowId = io.flowmeter.tenancy.TenantContext.callAsTenant(event.tenantId(), () -> tx.execute(status -> jdbc.query(
                        "select workflow_id from runs where id = ?", (rs, i) -> rs.getObject(1, UUID.class), event.runId())
                        .stream().findFirst().orElse(null)));
                if (workflowId != null && queuedHere.containsKey(workflowId)) {
                    fire(new ScheduleFire(event.tenantId(), workflowId, true));
                }
            } catch (RuntimeException e) {
                log.warn("Starting a queued schedule fire after run {} ended failed; its polling job will", event.runId(), e);
            }
        });
    }

    @jakarta.annotation.PreDestroy
    void stopFiresOnRunEnd() {
        firesOnRunEnd.shutdownNow();
    }

    /** What the schedule will do: next fire times of the latest published version, or of the draft. */
    @PreAuthorize("hasAnyRole('VIEWER', 'API')")
    public ScheduleView view(UUID workflowId, boolean draft) {
        var workflow = workflows.get(workflowId);
        WorkflowDefinition definition = draft ? workflows.definitionOf(workflow) : workflows.definitionOf(workflows.latestVersion(workflowId));
        var trigger = definition.trigger().filter(t -> "trigger.schedule".equals(t.type()))
                .orElseThrow(() -> new ConflictException("The " + (draft ? "draft" : "published version") + " does not start on a schedule"));
        ScheduleParams params;
        try {
            params = ScheduleParams.parse(trigger.paramsOrEmpty());
        } catch (ScheduleParams.Invalid invalid) {
            throw new io.flowmeter.shared.InvalidInputException("params", invalid.getMessage());
        }
        var counts = tx.execute(status -> jdbc.query("select fired, skipped, queued, last_fired_at from schedules where workflow_id = ?",
                (rs, i) -> new long[]{rs.getLong(1), rs.getLong(2), rs.getInt(3),
                        rs.getTimestamp(4) == null ? -1 : rs.getTimestamp(4).getTime()}, workflowId).stream().findFirst().orElse(new long[]{0, 0, 0, -1}));
        boolean active = !draft && !workflow.isPaused();
        return new ScheduleView(params.schedule().getExpression(), params.zone().getId(), params.overlap().name().toLowerCase(),
                active, params.next(Instant.now(), 5), counts[0], counts[1], (int) counts[2],
                counts[3] < 0 ? null : Instant.ofEpochMilli(counts[3]));
    }

}
