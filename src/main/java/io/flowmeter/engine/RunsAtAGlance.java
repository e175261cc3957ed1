package io.flowmeter.engine;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the dashboard shows about the organization's runs, without reading run tables: counts since a moment, runs
 * parked after a failure (and retrying them), and approvals waiting for an answer. The engine implements it.
 */
public interface RunsAtAGlance {

    /** Runs started since a moment: all of them, and the finished ones by outcome. */
    record Counts(long started, long succeeded, long failed, long running) {

        /** Succeeded among the finished (succeeded or failed) runs, 0–1; null when none finished. */
        public @Nullable Double successRate() {
            long finished = succeeded + failed;
            return finished == 0 ? null : (double) succeeded / finished;
        }
    }

    /** A run parked after a failure, waiting for a retry by hand. */
    record Parked(UUID runId, UUID workflowId, String workflowName, Instant startedAt, @Nullable String error) {
    }

    /** An approval step waiting for a member's answer. */
    record Approval(UUID runId, String nodeId, String workflowName, String message, @Nullable Instant since) {
    }

    Counts countsSince(Instant since);

    /** The newest parked runs, at most {@code limit}, and how many there are in all (up to 1,000 counted). */
    List<Parked> parked(int limit);

    long parkedCount();

    List<Approval> approvals(int limit);

    /** Re-runs every parked run (up to 1,000) from its failed steps; returns how many started. */
    int retryParked();
}
