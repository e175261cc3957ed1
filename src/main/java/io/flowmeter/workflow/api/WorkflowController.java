package io.flowmeter.workflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowmeter.workflow.importer.ImportResult;
import io.flowmeter.workflow.service.WorkflowImports;

import io.flowmeter.shared.Paging;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.service.WorkflowService;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Workflow definitions over REST; export and import use the same definition JSON. */
@RestController
@RequestMapping("/api/v1/workflows")
class WorkflowController {

    record WorkflowResponse(UUID id, String name, @Nullable String description, @Nullable Integer latestVersion, boolean paused,
                            Instant createdAt, Instant updatedAt, WorkflowDefinition draft) {
    }

    record VersionResponse(UUID id, UUID workflowId, int number, Instant publishedAt) {
        static VersionResponse of(WorkflowVersion version) {
            return new VersionResponse(version.getId(), version.getWorkflowId(), version.getNumber(), version.getPublishedAt());
        }
    }

    record WorkflowPage(List<WorkflowResponse> items, int page, int size, long total) {
    }

    private final WorkflowService workflows;

    private final WorkflowImports imports;

    WorkflowController(WorkflowService workflows, WorkflowImports imports) {
        this.workflows = workflows;
        this.imports = imports;
    }

    @PostMapping
    ResponseEntity<WorkflowResponse> create(@RequestBody WorkflowDefinition definition) {
        Workflow workflow = workflows.create(definition);
        return ResponseEntity.created(URI.create("/api/v1/workflows/" + workflow.getId())).body(response(workflow));
    }

    /** What an n8n import made: the draft's id, the nodes mapped, what has no equivalent, and differences worth knowing. */
    record ImportResponse(UUID id, List<String> imported, List<ImportResult.Unsupported> unsupported, List<ImportResult.Note> notes) {
    }

    /**
     * Import: {@code format=flowmeter} (the default) is the same as create, from an exported definition;
     * {@code format=n8n} makes a draft of an n8n workflow export, saved even with problems (they block publishing).
     */
    @PostMapping("/import")
    ResponseEntity<?> importDefinition(@RequestParam(defaultValue = "flowmeter") String format, @RequestBody JsonNode body) {
        WorkflowImports.Format chosen = WorkflowImports.Format.of(format);
        WorkflowImports.Imported imported = imports.importFile(chosen, body);
        if (chosen == WorkflowImports.Format.FLOWMETER) {
            return ResponseEntity.created(URI.create("/api/v1/workflows/" + imported.workflow().getId())).body(response(imported.workflow()));
        }
        return ResponseEntity.created(URI.create("/api/v1/workflows/" + imported.workflow().getId()))
                .body(new ImportResponse(imported.workflow().getId(), imported.imported(), imported.unsupported(), imported.notes()));
    }

    @GetMapping
    WorkflowPage list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        var result = workflows.list(PageRequest.of(Paging.page("page", page), Paging.size("size", size)));
        return new WorkflowPage(result.map(this::response).getContent(), result.getNumber(), result.getSize(), result.getTotalElements());
    }

    @GetMapping("/{id}")
    WorkflowResponse get(@PathVariable UUID id) {
        return response(workflows.get(id));
    }

    @PutMapping("/{id}")
    WorkflowResponse update(@PathVariable UUID id, @RequestBody WorkflowDefinition definition) {
        return response(workflows.update(id, definition));
    }

    @PostMapping("/{id}/publish")
    @ResponseStatus(HttpStatus.CREATED)
    VersionResponse publish(@PathVariable UUID id) {
        return VersionResponse.of(workflows.publish(id));
    }

    /** Stops the workflow's triggers from starting runs (webhooks answer 409, schedules skip) until resumed. */
    @PostMapping("/{id}/pause")
    WorkflowResponse pause(@PathVariable UUID id) {
        return response(workflows.setPaused(id, true));
    }

    @PostMapping("/{id}/resume")
    WorkflowResponse resume(@PathVariable UUID id) {
        return response(workflows.setPaused(id, false));
    }

    @GetMapping("/{id}/versions")
    List<VersionResponse> versions(@PathVariable UUID id) {
        return workflows.versions(id).stream().map(VersionResponse::of).toList();
    }

    @GetMapping("/{id}/export")
    WorkflowDefinition export(@PathVariable UUID id) {
        return workflows.definitionOf(workflows.get(id));
    }

    private WorkflowResponse response(Workflow workflow) {
        return new WorkflowResponse(workflow.getId(), workflow.getName(), workflow.getDescription(), workflow.getLatestVersion(),
                workflow.isPaused(), workflow.getCreatedAt(), workflow.getUpdatedAt(), workflows.definitionOf(workflow));
    }
}
