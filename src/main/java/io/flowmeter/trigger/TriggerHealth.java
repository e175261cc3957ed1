package io.flowmeter.trigger;

import io.flowmeter.connector.core.ScheduleParams;
import io.flowmeter.workflow.WorkflowRuns;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.service.WorkflowService;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Published, active workflows that stopped starting: a schedule whose fire is overdue by more than
 * {@link #SCHEDULE_GRACE}, and a webhook silent for much longer than usual (more than {@link #SILENCE_FACTOR} times
 * the median gap between its last deliveries, and at least {@link #MIN_SILENCE}; judged only once it has had
 * {@link #MIN_DELIVERIES} deliveries, so a new webhook is not "silent").
 */
@Component
public class TriggerHealth {

    public static final Duration SCHEDULE_GRACE = Duration.ofMinutes(5);
    public static final int SILENCE_FACTOR = 10;
    public static final Duration MIN_SILENCE = Duration.ofHours(1);
    public static final int MIN_DELIVERIES = 5;

    /**
     * A workflow whose trigger stopped; {@code since} is when it last started a run (or was published), {@code due}
     * when a schedule was due to start the run it missed (null for a silent webhook).
     */
    public record Stopped(UUID workflowId, String workflowName, String trigger, String reason, @Nullable Instant since, @Nullable Instant due) {
    }

    private final WorkflowService workflows;
    private final WorkflowRuns runs;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    TriggerHealth(WorkflowService workflows, WorkflowRuns runs, JdbcTemplate jdbc, TransactionTemplate tx) {
        this.workflows = workflows;
        this.runs = runs;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** The current organization's stopped triggers (of its first 500 workflows), at most {@code limit}. */
    @PreAuthorize("hasAnyRole('VIEWER', 'API')")
    public List<Stopped> stopped(int limit, Instant now) {
        List<Stopped> found = new ArrayList<>();
        Map<UUID, Instant> lastFired = lastFired();
        for (Workflow workflow : workflows.list(PageRequest.of(0, 500)).getContent()) {
            if (found.size() >= limit) {
                break;
            }
            if (workflow.getLatestVersion() == null || workflow.isPaused()) {
                continue;
            }
            WorkflowVersion version = workflows.latestVersion(workflow.getId());
            WorkflowDefinition definition = workflows.definitionOf(version);
            String type = definition.trigger().map(WorkflowDefinition.Node::type).orElse("");
            if ("trigger.schedule".equals(type)) {
                Instant base = lastFired.getOrDefault(workflow.getId(), version.getPublishedAt());
                missedFire(definition, base, now).ifPresent(due -> found.add(new Stopped(workflow.getId(), workflow.getName(), "schedule",
                        "The schedule was due to start a run at " + due + " and has not", lastFired.get(workflow.getId()), due)));
            } else if ("trigger.webhook".equals(type)) {
                List<Instant> starts = runs.recent(workflow.getId(), 50).stream().filter(r -> "webhook".equals(r.triggerKind()))
                        .map(WorkflowRuns.RecentRun::startedAt).toList();
                silence(starts, now).ifPresent(usual -> found.add(new Stopped(workflow.getId(), workflow.getName(), "webhook",
                        "No request for " + human(Duration.between(starts.get(0), now)) + "; it usually comes every " + human(usual),
                        starts.get(0), null)));
            }
        }
        return found;
    }

    /** The first fire after {@code base} if it is overdue by more than the grace. */
    static java.util.Optional<Instant> missedFire(WorkflowDefinition definition, Instant base, Instant now) {
        try {
            ScheduleParams params = ScheduleParams.parse(definition.trigger().orElseThrow().paramsOrEmpty());
            // an interval counts from when its recurring job was made, not from a fixed clock: due one interval after the base
            Instant due = params.schedule() instanceof org.jobrunr.scheduling.interval.Interval interval
                    ? base.plus(interval.durationBetweenSchedules()) : params.next(base, 1).get(0);
            return due.plus(SCHEDULE_GRACE).isBefore(now) ? java.util.Optional.of(due) : java.util.Optional.empty();
        } catch (ScheduleParams.Invalid | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The usual gap between deliveries if the webhook has been silent for much longer than that; {@code starts} newest
     * first.
     */
    static java.util.Optional<Duration> silence(List<Instant> starts, Instant now) {
        if (starts.size() < MIN_DELIVERIES) {
            return java.util.Optional.empty();
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 0; i + 1 < starts.size(); i++) {
            gaps.add(Math.max(0, Duration.between(starts.get(i + 1), starts.get(i)).toMillis()));
        }
        gaps.sort(Long::compare);
        long median = gaps.get(gaps.size() / 2);
        Duration usual = Duration.ofMillis(Math.max(median, 1000));
        Duration quiet = Duration.between(starts.get(0), now);
        Duration limit = usual.multipliedBy(SILENCE_FACTOR);
        if (limit.compareTo(MIN_SILENCE) < 0) {
            limit = MIN_SILENCE;
        }
        return quiet.compareTo(limit) > 0 ? java.util.Optional.of(usual) : java.util.Optional.empty();
    }

    private Map<UUID, Instant> lastFired() {
        Map<UUID, Instant> fired = new HashMap<>();
        tx.executeWithoutResult(status -> jdbc.query("select workflow_id, last_fired_at from schedules where last_fired_at is not null",
                rs -> {
                    Timestamp at = rs.getTimestamp(2);
                    fired.put(rs.getObject(1, UUID.class), at.toInstant());
                }));
        return fired;
    }

    static String human(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            return Math.max(1, duration.toSeconds()) + " s";
        }
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = duration.toHours();
        return hours < 48 ? hours + " h" : duration.toDays() + " days";
    }
}
