package io.flowmeter.engine.service;

import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunStore.RunRow;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows of a run that its start's chain ({@link ChainedStart}) keeps in memory instead of writing them as they
 * change: the run and its steps are written once, as they stand when the chain ends, before its transaction commits
 * ({@link RunStore#holdRowsOf}). A run of quick steps is then inserted already finished (two inserts instead of an
 * insert and an update per row); a run whose first step calls out is inserted with that step already queued. Each
 * method does to the rows what the {@link RunStore} statement of the same name does to the database.
 */
final class HeldRun {

    /** One step row. */
    static final class Step {
        final UUID id;
        final String nodeId;
        StepStatus status;
        int attempt;
        @Nullable String output;
        @Nullable String error;
        @Nullable Instant queuedAt;
        @Nullable Instant startedAt;
        @Nullable Instant finishedAt;
        @Nullable Long durationMs;

        Step(UUID id, String nodeId, StepStatus status) {
            this.id = id;
            this.nodeId = nodeId;
            this.status = status;
        }
    }

    final UUID id;
    final UUID tenantId;
    final UUID workflowId;
    final UUID versionId;
    final int versionNumber;
    final String triggerKind;
    final String input;
    final @Nullable UUID parentRunId;
    final @Nullable UUID parentStepId;
    final @Nullable UUID rerunOf;
    final @Nullable String scopeNode;
    final @Nullable String businessKey;
    final Instant createdAt = Instant.now();
    RunStatus status = RunStatus.RUNNING;
    @Nullable String output;
    @Nullable String error;
    boolean parked;
    @Nullable Instant finishedAt;
    final Map<String, Step> steps = new LinkedHashMap<>(); // node id → step
    private final Map<UUID, Step> byId = new LinkedHashMap<>();

    HeldRun(UUID id, UUID tenantId, UUID workflowId, UUID versionId, int versionNumber, String triggerKind, String input,
            @Nullable UUID parentRunId, @Nullable UUID parentStepId, @Nullable UUID rerunOf, @Nullable String scopeNode,
            @Nullable String businessKey) {
        this.id = id;
        this.tenantId = tenantId;
        this.workflowId = workflowId;
        this.versionId = versionId;
        this.versionNumber = versionNumber;
        this.triggerKind = triggerKind;
        this.input = input;
        this.parentRunId = parentRunId;
        this.parentStepId = parentStepId;
        this.rerunOf = rerunOf;
        this.scopeNode = scopeNode;
        this.businessKey = businessKey;
    }

    void addStep(Step step) {
        steps.put(step.nodeId, step);
        byId.put(step.id, step);
    }

    RunRow row() {
        return new RunRow(id, tenantId, workflowId, versionId, versionNumber, status, triggerKind, input, output, error, parked,
                parentRunId, parentStepId, rerunOf, createdAt, finishedAt == null ? createdAt : finishedAt, finishedAt, scopeNode,
                businessKey);
    }

    Map<String, StepStatus> states() {
        Map<String, StepStatus> states = new LinkedHashMap<>();
        steps.forEach((node, step) -> states.put(node, step.status));
        return states;
    }

    Map<String, String[]> outputs(Collection<String> nodeIds) {
        Map<String, String[]> outputs = new LinkedHashMap<>();
        for (String nodeId : nodeIds) {
            Step step = steps.get(nodeId);
            if (step != null) {
                outputs.put(nodeId, new String[]{step.output, step.error});
            }
        }
        return outputs;
    }

    /** PENDING → QUEUED, as {@link RunStore#queue}. */
    Map<String, UUID> queue(Collection<String> nodeIds) {
        Map<String, UUID> queued = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (String nodeId : nodeIds) {
            Step step = steps.get(nodeId);
            if (step != null && step.status == StepStatus.PENDING) {
                step.status = StepStatus.QUEUED;
                step.attempt = 1;
                step.queuedAt = now;
                step.error = null;
                queued.put(nodeId, step.id);
            }
        }
        return queued;
    }

    /** As {@link RunStore#settlePending}. */
    int settlePending(Collection<String> nodeIds, StepStatus status, @Nullable String error) {
        int settled = 0;
        Instant now = Instant.now();
        for (String nodeId : nodeIds) {
            Step step = steps.get(nodeId);
            if (step != null && step.status == StepStatus.PENDING) {
                step.status = status;
                step.error = error;
                step.finishedAt = now;
                settled++;
            }
        }
        return settled;
    }

    /**
     * Settles a step a chain claimed without queueing it (still PENDING), as the claimed form of
     * {@link RunStore#finishReadingStates}: the run's states after it, or empty when the step was not PENDING.
     */
    Optional<Map<String, StepStatus>> finishClaimed(UUID stepId, int attempt, StepStatus status, @Nullable String output,
                                                   @Nullable String error, Instant startedAt, Instant finishedAt,
                                                   @Nullable Map<String, UUID> ids) {
        Step step = byId.get(stepId);
        if (step == null || step.status != StepStatus.PENDING) {
            return Optional.empty();
        }
        step.status = status;
        step.output = output;
        step.error = error;
        step.startedAt = step.startedAt == null ? startedAt : step.startedAt;
        step.finishedAt = finishedAt;
        step.durationMs = finishedAt.toEpochMilli() - startedAt.toEpochMilli();
        step.attempt = attempt;
        step.queuedAt = startedAt;
        if (ids != null) {
            steps.forEach((node, s) -> ids.put(node, s.id));
        }
        return Optional.of(states());
    }

    /** As {@link RunStore#cancelUnsettled}. */
    int cancelUnsettled(String reason) {
        int cancelled = 0;
        Instant now = Instant.now();
        for (Step step : steps.values()) {
            if (List.of(StepStatus.PENDING, StepStatus.QUEUED, StepStatus.WAITING).contains(step.status)) {
                step.status = StepStatus.CANCELLED;
                step.error = step.error == null ? reason : step.error;
                step.finishedAt = now;
                cancelled++;
            }
        }
        return cancelled;
    }

    /** As {@link RunStore#finishRun}. */
    void finish(RunStatus status, @Nullable String output, @Nullable String error, boolean parked) {
        this.status = status;
        this.output = output;
        this.error = error;
        this.parked = parked;
        this.finishedAt = Instant.now();
    }
}
