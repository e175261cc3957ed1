package io.flowmeter.workflow;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the engine tells the workflow screens about runs (and lets them start), without them reading run tables:
 * the engine implements it.
 */
public interface WorkflowRuns {

    /** A workflow's latest run and its runs of the last seven days. */
    record Summary(@Nullable String lastStatus, @Nullable Instant lastRunAt, long lastSevenDays, long succeeded, long failed) {

        public static final Summary NONE = new Summary(null, null, 0, 0, 0);

        /** Succeeded among the finished runs of the last seven days, 0–1; null when none finished. */
        public @Nullable Double successRate() {
            long finished = succeeded + failed;
            return finished == 0 ? null : (double) succeeded / finished;
        }
    }

    record RecentRun(UUID id, Instant startedAt, String status, String triggerKind, @Nullable String error) {
    }

    Map<UUID, Summary> summaries(Collection<UUID> workflowIds);

    List<RecentRun> recent(UUID workflowId, int limit);

    /** Starts a run of the published version by hand; the input is what steps see as {@code trigger.*}. */
    UUID startManual(UUID workflowId, Map<String, Object> input);
}
