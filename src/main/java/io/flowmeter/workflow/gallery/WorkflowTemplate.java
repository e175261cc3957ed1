package io.flowmeter.workflow.gallery;

import io.flowmeter.workflow.domain.WorkflowDefinition;

import java.util.List;

/**
 * A ready-made workflow: what it is called and does, what it saves, the connections it needs, and its definition.
 *
 * @param category sales, support, finance, ops or ai
 */
public record WorkflowTemplate(String key, String title, String category, String summary, String saves, List<String> needs,
                               WorkflowDefinition workflow) {

    public static final List<String> CATEGORIES = List.of("sales", "support", "finance", "ops", "ai");

    public WorkflowTemplate {
        needs = List.copyOf(needs);
    }
}
