package io.flowmeter.engine.api;

import io.flowmeter.shared.Inputs;
import io.flowmeter.shared.Paging;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.engine.service.RunService.RunFilter;
import io.flowmeter.engine.service.RunService.RerunFrom;
import io.flowmeter.engine.service.RunService.RerunVersion;
import io.flowmeter.engine.service.RunStore.AttemptRow;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Runs over REST: start, inspect, control, re-run, approve. */
@RestController
@RequestMapping("/api/v1")
class RunController {

    record Started(UUID runId, String status) {
    }

    record RunSummary(UUID id, UUID workflowId, int version, String status, String trigger, boolean parked,
                      Instant createdAt, @Nullable Instant finishedAt, @Nullable String error, @Nullable UUID rerunOf,
                      @Nullable UUID parentRunId, @Nullable String businessKey) {
        static RunSummary of(RunRow run) {
            return new RunSummary(run.id(), run.workflowId(), run.versionNumber(), run.status().name(), run.triggerKind(), run.parked(),
                    run.createdAt(), run.finishedAt(), run.error(), run.rerunOf(), run.parentRunId(), run.businessKey());
        }
    }

    record StepView(String nodeId, @Nullable String type, String status, int attempt, @Nullable Instant startedAt,
                    @Nullable Instant finishedAt, @Nullable Long durationMs, @Nullable Object output, @Nullable String error,
                    @Nullable Object waiting, @Nullable Instant wakeAt, List<AttemptRow> attempts) {
    }

    record RunView(RunSummary run, @Nullable Object input, @Nullable Object output, List<StepView> steps) {
    }

    record RunList(List<RunSummary> items, @Nullable String next) {
    }

    record RerunRequest(@Nullable String from, @Nullable String version) {
    }

    record Decision(@Nullable String comment) {
    }

    record BulkRetry(@Nullable List<UUID> runIds) {
    }

    private final RunService runs;
    private final ObjectMapper json;

    RunController(RunService runs, ObjectMapper json) {
        this.runs = runs;
        this.json = json;
    }

    @PostMapping("/workflows/{workflowId}/runs")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202",
            description = "The run is stored: its id, and where it stood when its start committed (RUNNING, or SUCCEEDED/FAILED)")
    ResponseEntity<Started> start(@PathVariable UUID workflowId, @RequestBody(required = false) @Nullable Object input) {
        if (input != null && !(input instanceof Map)) {
            throw new InvalidInputException("input", "The run input is a JSON object");
        }
        RunService.Started started = runs.begin(workflowId, input, "api");
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + started.runId()))
                .body(new Started(started.runId(), started.status().name()));
    }

    @GetMapping("/runs")
    RunList list(@RequestParam(required = false) @Nullable UUID workflowId, @RequestParam(required = false) @Nullable String status,
                 @RequestParam(required = false) @Nullable String trigger, @RequestParam(required = false) @Nullable String from,
                 @RequestParam(required = false) @Nullable String to, @RequestParam(required = false) @Nullable String businessKey,
                 @RequestParam(required = false) @Nullable String cursor, @RequestParam(defaultValue = "50") int limit) {
        String chosen = status == null ? "" : status.strip().toUpperCase(Locale.ROOT);
        RunFilter filter = RunFilter.ALL.withWorkflow(workflowId)
                .withStatus(chosen.equals("PARKED") || chosen.equals("WAITING") ? null : status(status), chosen.equals("PARKED"),
                        chosen.equals("WAITING"))
                .withTrigger(trigger == null || trigger.isBlank() ? null : trigger.strip().toLowerCase(Locale.ROOT))
                .withPeriod(Inputs.instant("from", from), Inputs.instant("to", to))
                .withBusinessKey(businessKey);
        var page = runs.list(filter, cursor, Paging.size("limit", limit));
        return new RunList(page.items().stream().map(RunSummary::of).toList(), page.next());
    }

    @GetMapping("/runs/parked")
    RunList parked(@RequestParam(required = false) @Nullable String cursor, @RequestParam(defaultValue = "50") int limit) {
        var page = runs.list(null, null, true, cursor, Paging.size("limit", limit));
        return new RunList(page.items().stream().map(RunSummary::of).toList(), page.next());
    }

    @PostMapping("/runs/parked/retry")
    Map<UUID, UUID> retryParked(@RequestBody(required = false) @Nullable BulkRetry request) {
        return runs.retryParked(request == null || request.runIds() == null ? List.of() : request.runIds());
    }

    record BulkRequest(@Nullable List<UUID> runIds) {
    }

    /** Re-runs the failed or parked runs among {@code runIds} from their failed steps: {@code {done, skipped, rerunOf}}. */
    @PostMapping("/runs/bulk/retry")
    RunService.BulkResult bulkRetry(@RequestBody(required = false) @Nullable BulkRequest request) {
        return runs.retryFailed(request == null || request.runIds() == null ? List.of() : request.runIds());
    }

    /** Cancels the running, paused or waiting runs among {@code runIds}: {@code {done, skipped}}. */
    @PostMapping("/runs/bulk/cancel")
    RunService.BulkResult bulkCancel(@RequestBody(required = false) @Nullable BulkRequest request) {
        return runs.cancelAll(request == null || request.runIds() == null ? List.of() : request.runIds());
    }

    @GetMapping("/runs/{runId}")
    RunView get(@PathVariable UUID runId) {
        var details = runs.get(runId);
        RunRow run = details.run();
        List<StepView> steps = details.steps().stream().map(s -> new StepView(s.step().nodeId(), s.type(), s.step().status().name(),
                s.step().attempt(), s.step().startedAt(), s.step().finishedAt(), s.step().durationMs(), parse(s.step().output()),
                s.step().error(), parse(s.step().waiting()), s.step().wakeAt(), s.attempts())).toList();
        return new RunView(RunSummary.of(run), parse(run.input()), parse(run.output()), steps);
    }

    @PostMapping("/runs/{runId}/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void cancel(@PathVariable UUID runId) {
        runs.cancel(runId);
    }

    @PostMapping("/runs/{runId}/pause")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void pause(@PathVariable UUID runId) {
        runs.pause(runId);
    }

    @PostMapping("/runs/{runId}/resume")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void resume(@PathVariable UUID runId) {
        runs.resume(runId);
    }

    @PostMapping("/runs/{runId}/rerun")
    ResponseEntity<Started> rerun(@PathVariable UUID runId, @RequestBody(required = false) @Nullable RerunRequest request) {
        RerunFrom from = parse(RerunFrom.class, request == null ? null : request.from(), RerunFrom.FAILED_STEP, "from", "failed-step or start");
        RerunVersion version = parse(RerunVersion.class, request == null ? null : request.version(), RerunVersion.SAME, "version", "same or latest");
        UUID newRun = runs.rerun(runId, from, version);
        return ResponseEntity.accepted().location(URI.create("/api/v1/runs/" + newRun)).body(new Started(newRun, "RUNNING"));
    }

    @PostMapping("/runs/{runId}/steps/{nodeId}/approve")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void approve(@PathVariable UUID runId, @PathVariable String nodeId, @RequestBody(required = false) @Nullable Decision decision) {
        runs.decide(runId, nodeId, true, decision == null ? null : decision.comment());
    }

    @PostMapping("/runs/{runId}/steps/{nodeId}/reject")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void reject(@PathVariable UUID runId, @PathVariable String nodeId, @RequestBody(required = false) @Nullable Decision decision) {
        runs.decide(runId, nodeId, false, decision == null ? null : decision.comment());
    }

    private @Nullable Object parse(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Object.class);
        } catch (Exception e) {
            return text;
        }
    }

    private static @Nullable RunStatus status(@Nullable String status) {
        return status == null || status.isBlank() ? null : parse(RunStatus.class, status, null, "status",
                "RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED, WAITING or PARKED");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, @Nullable String value, @Nullable E fallback, String field, String allowed) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "'" + field + "' is " + allowed);
        }
    }
}
