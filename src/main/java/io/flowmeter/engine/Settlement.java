package io.flowmeter.engine;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Something the engine settled in a transaction, as {@link SettlementListener}s see it: a step attempt that ended
 * (succeeded, failed for good, or failed and retries later) or a run that finished.
 */
public sealed interface Settlement {

    UUID tenantId();

    UUID workflowId();

    UUID versionId();

    int versionNumber();

    UUID runId();

    /** When it settled. */
    Instant at();

    /** How a step attempt ended. */
    enum StepOutcome { SUCCEEDED, FAILED, RETRYING }

    /** How a run ended. */
    enum RunOutcome { SUCCEEDED, FAILED, CANCELLED }

    /**
     * A step attempt that ended.
     *
     * @param type      the step's type, e.g. {@code llm.chat}
     * @param value     the node's value settings as the version defines them (parse with {@code workflow.StepValue})
     * @param executed  whether the attempt ran the step's action (false for a wait that ended: a delay, an approval, a
     *                  sub-workflow, a loop's items)
     * @param busyMs    how long the attempt worked (0 for a wait that ended)
     * @param output    the step's output as stored (already free of secrets), for a success
     * @param signalled whether a person's signal ended it (an approval decided, not timed out)
     * @param itemRun   whether the step ran in a loop item's run (the loop's run counts as the run)
     */
    record Step(UUID tenantId, UUID workflowId, UUID versionId, int versionNumber, UUID runId, UUID stepRunId, String nodeId,
                @Nullable String type, @Nullable Map<String, Object> value, StepOutcome outcome, int attempt, boolean executed, long busyMs,
                @Nullable Object output, boolean signalled, boolean itemRun, Instant at) implements Settlement {
    }

    /**
     * A run that finished.
     *
     * @param itemRun     whether it was a loop item's run (not a run of its own for reports)
     * @param parentRunId the run it belongs to (a loop item's: the run of its loop step; a sub-workflow's: its caller's)
     */
    record Run(UUID tenantId, UUID workflowId, UUID versionId, int versionNumber, UUID runId, RunOutcome outcome, boolean itemRun,
               @Nullable UUID parentRunId, Instant createdAt, Instant at) implements Settlement {
    }
}
