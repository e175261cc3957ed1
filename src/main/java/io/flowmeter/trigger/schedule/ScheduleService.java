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
            if (!queuedFire && queued >= MAX_QUEUED) {
                jdbc.update("update schedules set skipped = skipped + 1 where workflow_id = ?", workflowId);
                return "skipped (" + MAX_QUEUED + " fires already queued)";
            }
            if (!queuedFire) {
                jdbc.update("update schedules set queued = queued + 1 where workflow_id = ?", workflowId);
            }
            jobs.save(new Job(new JobDetails(new ScheduleFire(fire.tenantId(), workflowId, true)), new ScheduledState(now.plus(QUEUE_POLL))));
            return "queued";
        }
        if (queuedFire) {
            jdbc.update("update schedules set queued = greatest(queued - 1, 0) where workflow_id = ?", workflowId);
        }
        jdbc.update("update schedules set fired = fired + 1, last_fired_at = ? where workflow_id = ?", java.sql.Timestamp.from(now), workflowId);
        runs.startTriggered(UUID.randomUUID(), workflowId, version, Map.of("firedAt", now.toString()), "schedule");
        return "started";
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
