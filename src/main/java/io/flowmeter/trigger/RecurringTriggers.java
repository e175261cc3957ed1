package io.flowmeter.trigger;

import io.flowmeter.connector.core.ScheduleParams;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.trigger.poll.PollFire;
import io.flowmeter.trigger.schedule.ScheduleFire;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowChanged;
import io.flowmeter.workflow.service.WorkflowService;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.RecurringJob;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Keeps each workflow's JobRunr recurring job in step with its latest published version and paused state: one
 * schedule job for {@code trigger.schedule}, one poll job for {@code trigger.poll}, none otherwise. Runs after a
 * publish, pause or resume has committed, on its own thread.
 */
@Component
public class RecurringTriggers {

    private static final Logger log = LoggerFactory.getLogger(RecurringTriggers.class);

    private final StorageProvider jobs;
    private final WorkflowService workflows;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ExecutorService syncs = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "flowmeter-trigger-sync");
        thread.setDaemon(true);
        return thread;
    });

    RecurringTriggers(StorageProvider jobs, WorkflowService workflows, JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jobs = jobs;
        this.workflows = workflows;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @EventListener
    void on(WorkflowChanged changed) {
        syncs.submit(() -> {
            try {
                sync(changed.tenantId(), changed.workflowId());
            } catch (RuntimeException e) {
                log.warn("Could not update the triggers of workflow {}", changed.workflowId(), e);
            }
        });
    }

    public void sync(UUID tenantId, UUID workflowId) {
        TenantContext.runAsTenant(tenantId, () -> {
            WorkflowDefinition.Node trigger = activeTrigger(workflowId).orElse(null);
            String type = trigger == null ? "" : String.valueOf(trigger.type());
            String scheduleJob = ScheduleFire.recurringJobId(workflowId);
            String pollJob = PollFire.recurringJobId(workflowId);
            try {
                if (type.equals("trigger.schedule")) {
                    var params = ScheduleParams.parse(trigger.paramsOrEmpty());
                    jobs.saveRecurringJob(new RecurringJob(scheduleJob, new JobDetails(new ScheduleFire(tenantId, workflowId, false)),
                            params.schedule(), params.zone(), RecurringJob.CreatedBy.API));
                    tx.executeWithoutResult(status -> jdbc.update(
                            "insert into schedules (workflow_id, tenant_id) values (?, ?) on conflict (workflow_id) do nothing", workflowId, tenantId));
                } else {
                    jobs.deleteRecurringJob(scheduleJob);
                }
                if (type.equals("trigger.poll")) {
                    var every = ScheduleParams.parse(Map.of("interval", trigger.paramsOrEmpty().getOrDefault("interval", "PT5M")));
                    jobs.saveRecurringJob(new RecurringJob(pollJob, new JobDetails(new PollFire(tenantId, workflowId)),
                            every.schedule(), every.zone(), RecurringJob.CreatedBy.API));
                } else {
                    jobs.deleteRecurringJob(pollJob);
                }
            } catch (ScheduleParams.Invalid invalid) {
                // published versions are validated; an invalid one (an older release) gets no job
                jobs.deleteRecurringJob(scheduleJob);
                jobs.deleteRecurringJob(pollJob);
            }
        });
    }

    /** The trigger of the latest published version, when the workflow is not paused. */
    private Optional<WorkflowDefinition.Node> activeTrigger(UUID workflowId) {
        try {
            if (workflows.isPaused(workflowId)) {
                return Optional.empty();
            }
            return workflows.definitionOf(workflows.latestVersion(workflowId)).trigger();
        } catch (NotFoundException | ConflictException e) {
            return Optional.empty();
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        syncs.shutdownNow();
    }
}
