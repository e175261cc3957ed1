package io.flowmeter.workflow.importer;

import io.flowmeter.workflow.domain.WorkflowDefinition;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A draft made from another tool's workflow: the definition, the names of the nodes that became working steps, what
 * could not be mapped (a node, or one of its parameters), and differences in behaviour worth knowing.
 */
public record ImportResult(WorkflowDefinition definition, List<String> imported, List<Unsupported> unsupported, List<Note> notes) {

    /** Something with no Flowmeter equivalent: a whole node ({@code parameter} null: it became a placeholder) or a parameter. */
    public record Unsupported(String node, String type, @Nullable String parameter, String reason) {
    }

    /** A node that was mapped but behaves a little differently here. */
    public record Note(String node, String note) {
    }

    public ImportResult {
        imported = List.copyOf(imported);
        unsupported = List.copyOf(unsupported);
        notes = List.copyOf(notes);
    }
}
