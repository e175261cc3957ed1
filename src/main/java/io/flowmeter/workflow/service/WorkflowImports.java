package io.flowmeter.workflow.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.importer.ImportResult;
import io.flowmeter.workflow.importer.N8nImporter;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Locale;

/**
 * Importing a workflow file, from the REST API or an upload in the UI: a Flowmeter export (validated like any new
 * workflow) or an n8n export (a draft, saved with its problems, and what could not be imported).
 */
@Service
public class WorkflowImports {

    /** The formats a file can be in. */
    public enum Format {
        FLOWMETER, N8N;

        public static Format of(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("format", "The format is flowmeter or n8n");
            }
        }

        /** n8n's exports have node types such as n8n-nodes-base.webhook and connections keyed by node name. */
        public static Format detect(JsonNode file) {
            for (JsonNode node : file.path("nodes")) {
                String type = node.path("type").asText("");
                if (type.startsWith("n8n-nodes-base.") || type.startsWith("@n8n/")) {
                    return N8N;
                }
            }
            return file.path("connections").isObject() ? N8N : FLOWMETER;
        }
    }

    /** The new workflow, and for an n8n file what was and was not imported. */
    public record Imported(Workflow workflow, List<String> imported, List<ImportResult.Unsupported> unsupported, List<ImportResult.Note> notes) {
    }

    private final WorkflowService workflows;
    private final N8nImporter n8n;
    private final ObjectMapper json;

    WorkflowImports(WorkflowService workflows, N8nImporter n8n, ObjectMapper json) {
        this.workflows = workflows;
        this.n8n = n8n;
        this.json = json;
    }

    /** Imports {@code file} (checked by the services: builders and up, within the organization's plan). */
    public Imported importFile(Format format, JsonNode file) {
        if (format == Format.N8N) {
            ImportResult result = n8n.importWorkflow(file);
            Workflow workflow = workflows.importDraft(result.definition());
            return new Imported(workflow, result.imported(), result.unsupported(), result.notes());
        }
        WorkflowDefinition definition;
        try {
            definition = json.treeToValue(file, WorkflowDefinition.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(null, "Not a Flowmeter workflow definition: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(null, "Not a Flowmeter workflow definition: " + e.getMessage());
        }
        Workflow workflow = workflows.create(definition);
        return new Imported(workflow, definition.nodesOrEmpty().stream().map(n -> n.name() == null ? String.valueOf(n.id()) : n.name()).toList(),
                List.of(), List.of());
    }
}
