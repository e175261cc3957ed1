package io.flowmeter.engine.service;

import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.DefinitionCache.Loaded;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.service.RunStore.SettledStep;
import io.flowmeter.engine.service.RunStore.StepRow;
import io.flowmeter.engine.service.StepCompletion.Executed;
import io.flowmeter.engine.service.StepCompletion.Failed;
import io.flowmeter.engine.service.StepCompletion.Result;
import io.flowmeter.engine.service.StepCompletion.StepAttempt;
import io.flowmeter.engine.service.StepCompletion.Succeeded;
import io.flowmeter.engine.service.StepCompletion.WaitEnded;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.service.WorkflowService;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs a loop step's items: each runs the loop's body as a run of its own (linked to the step, rows for the body's
 * nodes only, the steps before the loop copied in). The step waits; every item run that ends signals it, and under
 * the parent run's lock the next items start up to the concurrency limit, or the step completes with every item's
 * result. Item run ids derive from the step attempt and the index, so handling a signal twice starts nothing twice.
 */
@Component
class LoopCoordinator {

    private final RunStore store;
    private final WorkflowService workflows;
    private final RunStarter starter;
    private final StepCompletion completion;
    private final EngineJson json;

    LoopCoordinator(RunStore store, WorkflowService workflows, RunStarter starter, StepCompletion completion, EngineJson json) {
        this.store = store;
        this.workflows = workflows;
        this.starter = starter;
        this.completion = completion;
        this.json = json;
    }

    static UUID loopItemRunId(StepRow step, int index) {
        return UUID.nameUUIDFromBytes(("loop:" + step.id() + ":" + step.attempt() + ":" + index).getBytes(StandardCharsets.UTF_8));
    }

    /** In the run's locked transaction: a loop step's action returned its items; start them (or complete at once). */
    void start(RunRow run, Loaded loaded, StepJob job, String nodeId, ActionResult.Loop loop, Instant started, Instant finished,
               @Nullable String logs, RunEvents.Batch events) {
        StepAttempt attempt = StepAttempt.of(job, nodeId);
        if (loop.items().isEmpty()) {
            Map<String, Object> empty = loopOutput(List.of(), 0, 0);
            completion.settle(run, loaded, attempt, new Executed(started, logs), new Succeeded(empty, json.write(empty)), finished, events);
            return;
        }
        Waiting.Loop waiting = new Waiting.Loop(loop.items(), loop.concurrency(), loop.continueOnError());
        String text = json.write(waiting.toMap());
        if (text.length() > EngineJson.MAX_OUTPUT_BYTES) {
            completion.settle(run, loaded, attempt, new Executed(started, logs),
                    new Failed("The loop's items are larger than " + EngineJson.MAX_OUTPUT_BYTES / 1000 + " kB"), finished, events);
            return;
        }
        if (store.await(job.stepId(), job.attempt(), text, null, started)) {
            events.add(nodeId, RunEvent.Type.STEP_WAITING);
            proceed(run, loaded, store.step(job.stepId()).orElseThrow(), waiting, events);
        }
    }

    /** Under the parent run's lock: start the items there is room for, or complete the step when they are done. */
    void proceed(RunRow run, Loaded loaded, StepRow step, Waiting.Loop loop, RunEvents.Batch events) {
        List<@Nullable Object> items = loop.items();
        RunStore.LoopProgress progress = store.loopProgress(step.id());
        boolean stopping = progress.failed() > 0 && !loop.continueOnError();
        if (progress.finished() == items.size() || (stopping && progress.running() == 0)) {
            finish(run, loaded, step, loop, events);
            return;
        }
        int launch = Math.min(loop.concurrency() - progress.running(), items.size() - progress.started());
        if (stopping || run.status() != RunStatus.RUNNING || launch <= 0) {
            return; // the items still running will signal again (a paused run continues on resume)
        }
        WorkflowVersion version = workflows.version(run.versionId()).orElseThrow();
        Map<String, SettledStep> before = settledAncestors(run, loaded, step.nodeId());
        Object input = json.read(run.input());
        for (int index = progress.started(); index < progress.started() + launch; index++) {
            Map<String, Object> current = new LinkedHashMap<>();
            current.put("item", items.get(index));
            current.put("index", index);
            current.put("count", items.size());
            Map<String, SettledStep> copied = new HashMap<>(before);
            copied.put(step.nodeId(), new SettledStep(StepStatus.SUCCEEDED, json.write(current), null));
            starter.start(new RunStarter.Start(loopItemRunId(step, index), run.workflowId(), version, input, "loop", run.id(), step.id(), null,
                    copied, step.nodeId()));
        }
    }

    /** What the loop's body may read from before the loop: the settled steps it depends on, copied into each item's run. */
    private Map<String, SettledStep> settledAncestors(RunRow run, Loaded loaded, String loopNode) {
        Set<String> ancestors = loaded.graph().ancestors(loopNode);
        Map<String, StepStatus> states = store.states(run.id());
        Map<String, SettledStep> settled = new HashMap<>();
        store.outputs(run.id(), ancestors).forEach((nodeId, value) -> {
            StepStatus state = states.get(nodeId);
            if (state != null && state.settled()) {
                settled.put(nodeId, new SettledStep(state, value[0], value[1]));
            }
        });
        return settled;
    }

    private void finish(RunRow run, Loaded loaded, StepRow step, Waiting.Loop loop, RunEvents.Batch events) {
        int count = loop.items().size();
        Map<UUID, RunRow> children = store.children(step.id());
        List<Object> results = new ArrayList<>();
        int succeeded = 0;
        int failed = 0;
        String firstError = null;
        for (int index = 0; index < count; index++) {
            RunRow child = children.get(loopItemRunId(step, index));
            if (child == null) {
                break; // stopped after a failure: the rest never started
            }
            if (child.status() == RunStatus.SUCCEEDED) {
                succeeded++;
                results.add(child.output() == null ? Map.of() : json.read(child.output()));
            } else {
                failed++;
                String error = "Item " + index + " (run " + child.id() + ") " + child.status().name().toLowerCase()
                        + (child.error() == null ? "" : ": " + child.error());
                results.add(Map.of("error", error, "runId", child.id().toString()));
                firstError = firstError == null ? error : firstError;
            }
        }
        Result result;
        if (failed > 0 && !loop.continueOnError()) {
            result = new Failed(firstError + " (" + succeeded + " of " + count + " items succeeded)");
        } else {
            Map<String, Object> loopResult = loopOutput(results, succeeded, failed);
            String output = json.writeOutput(loopResult);
            result = output == null ? new Failed("The loop's results are larger than " + EngineJson.MAX_OUTPUT_BYTES / 1000 + " kB")
                    : new Succeeded(loopResult, output);
        }
        completion.settle(run, loaded, StepAttempt.of(step), WaitEnded.of(step, false), result, Instant.now(), events);
    }

    private static Map<String, Object> loopOutput(List<Object> results, int succeeded, int failed) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("count", results.size());
        output.put("succeeded", succeeded);
        output.put("failed", failed);
        output.put("results", results);
        return output;
    }
}
