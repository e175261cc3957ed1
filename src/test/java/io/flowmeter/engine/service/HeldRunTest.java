package io.flowmeter.engine.service;

import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Held rows change as the statements of the same name change the database: only from the states those statements
 * change from, and with the same columns set. {@code InlineStepsIT} checks the rows they are written as.
 */
class HeldRunTest {

    HeldRun run;
    HeldRun.Step trigger;
    HeldRun.Step a;
    HeldRun.Step b;
    HeldRun.Step c;

    @BeforeEach
    void rows() {
        run = new HeldRun(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 3, "api", "{\"n\": 1}",
                null, null, null, null, "order-7");
        trigger = step("t", StepStatus.SUCCEEDED);
        trigger.output = "{\"n\": 1}";
        a = step("a", StepStatus.PENDING);
        b = step("b", StepStatus.PENDING);
        c = step("c", StepStatus.PENDING);
    }

    HeldRun.Step step(String node, StepStatus status) {
        var step = new HeldRun.Step(UUID.randomUUID(), node, status);
        run.addStep(step);
        return step;
    }

    @Test
    void aNewRunIsRunningWithItsStepsInTheOrderTheyWereAdded() {
        assertThat(run.states()).containsExactly(entry("t", StepStatus.SUCCEEDED), entry("a", StepStatus.PENDING),
                entry("b", StepStatus.PENDING), entry("c", StepStatus.PENDING));
        var row = run.row();
        assertThat(row.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(row.finishedAt()).isNull();
        assertThat(row.businessKey()).isEqualTo("order-7");
        assertThat(row.versionNumber()).isEqualTo(3);
    }

    @Test
    void aClaimedStepSettlesFromPendingOnlyAsItsFirstAttemptQueuedWhenItStarted() {
        Instant started = Instant.parse("2026-12-04T10:00:00.000100Z");
        Instant finished = started.plusMillis(7);
        Map<String, UUID> ids = new HashMap<>();

        var states = run.finishClaimed(a.id, 1, StepStatus.SUCCEEDED, "{\"ok\": true}", null, started, finished, ids);

        assertThat(states).hasValueSatisfying(s -> assertThat(s).containsEntry("a", StepStatus.SUCCEEDED).containsEntry("b", StepStatus.PENDING));
        assertThat(ids).containsEntry("a", a.id).containsEntry("c", c.id).hasSize(4);
        assertThat(a.attempt).isEqualTo(1);
        assertThat(a.queuedAt).isEqualTo(started);
        assertThat(a.startedAt).isEqualTo(started);
        assertThat(a.finishedAt).isEqualTo(finished);
        assertThat(a.durationMs).isEqualTo(7L);
        assertThat(a.output).isEqualTo("{\"ok\": true}");
        // settled already (a duplicate), or never there: nothing changes
        assertThat(run.finishClaimed(a.id, 1, StepStatus.FAILED, null, "late", started, finished, null)).isEmpty();
        assertThat(run.finishClaimed(UUID.randomUUID(), 1, StepStatus.SUCCEEDED, null, null, started, finished, null)).isEmpty();
        assertThat(a.status).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(a.error).isNull();
    }

    @Test
    void queueingTakesPendingStepsOnlyAndAnswersTheirIds() {
        b.error = "left from before";
        run.settlePending(List.of("c"), StepStatus.SKIPPED, null);

        var queued = run.queue(List.of("t", "b", "c", "missing"));

        assertThat(queued).containsExactly(entry("b", b.id));
        assertThat(b.status).isEqualTo(StepStatus.QUEUED);
        assertThat(b.attempt).isEqualTo(1);
        assertThat(b.queuedAt).isNotNull();
        assertThat(b.error).isNull();
        assertThat(c.status).isEqualTo(StepStatus.SKIPPED);
        assertThat(trigger.status).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void settlingPendingStepsLeavesTheOthersAndCountsWhatChanged() {
        run.queue(List.of("a"));

        assertThat(run.settlePending(List.of("a", "b", "t"), StepStatus.FAILED, "Branch failed")).isEqualTo(1);

        assertThat(a.status).isEqualTo(StepStatus.QUEUED);
        assertThat(b.status).isEqualTo(StepStatus.FAILED);
        assertThat(b.error).isEqualTo("Branch failed");
        assertThat(b.finishedAt).isNotNull();
        assertThat(trigger.status).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void cancellingTakesWhatHasNotSettledAndKeepsAnErrorAlreadyThere() {
        run.queue(List.of("a"));
        a.error = "first reason";
        run.settlePending(List.of("c"), StepStatus.SKIPPED, null);

        assertThat(run.cancelUnsettled("Cancelled because step 'x' failed")).isEqualTo(2);

        assertThat(a.status).isEqualTo(StepStatus.CANCELLED);
        assertThat(a.error).isEqualTo("first reason");
        assertThat(b.status).isEqualTo(StepStatus.CANCELLED);
        assertThat(b.error).isEqualTo("Cancelled because step 'x' failed");
        assertThat(c.status).isEqualTo(StepStatus.SKIPPED);
        assertThat(trigger.status).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void outputsAreThoseOfTheAskedNodesThatExist() {
        run.finishClaimed(a.id, 1, StepStatus.FAILED, null, "boom", Instant.now(), Instant.now(), null);

        var outputs = run.outputs(List.of("t", "a", "nope"));

        assertThat(outputs).containsOnlyKeys("t", "a");
        assertThat(outputs.get("t")).containsExactly("{\"n\": 1}", null);
        assertThat(outputs.get("a")).containsExactly(null, "boom");
    }

    @Test
    void aFinishedRunSaysHowAndWhen() {
        run.finish(RunStatus.FAILED, null, "step 'a' failed", true);

        var row = run.row();
        assertThat(row.status()).isEqualTo(RunStatus.FAILED);
        assertThat(row.error()).isEqualTo("step 'a' failed");
        assertThat(row.parked()).isTrue();
        assertThat(row.finishedAt()).isNotNull();
        assertThat(row.updatedAt()).isEqualTo(row.finishedAt());
    }
}
