package io.flowmeter.workflow.gallery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.service.WorkflowService;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The template library, read once from {@code classpath:workflow-templates/*.json}; a template becomes a new draft of
 * the current organization, named after it, to be given its connections in the builder.
 */
@Service
public class WorkflowTemplates {

    private final List<WorkflowTemplate> templates;
    private final WorkflowService workflows;

    WorkflowTemplates(ObjectMapper json, WorkflowService workflows) {
        this.workflows = workflows;
        this.templates = load(json);
    }

    static List<WorkflowTemplate> load(ObjectMapper json) {
        List<WorkflowTemplate> found = new ArrayList<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath:workflow-templates/*.json")) {
                try (InputStream in = resource.getInputStream()) {
                    found.add(json.readValue(in, WorkflowTemplate.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The template library could not be read", e);
        }
        found.sort(Comparator.comparing((WorkflowTemplate t) -> WorkflowTemplate.CATEGORIES.indexOf(t.category())).thenComparing(WorkflowTemplate::title));
        return List.copyOf(found);
    }

    /** Every template, by category (sales, support, finance, ops, ai) and title. */
    public List<WorkflowTemplate> all() {
        return templates;
    }

    public Optional<WorkflowTemplate> find(String key) {
        return templates.stream().filter(t -> t.key().equals(key)).findFirst();
    }

    /** A new draft from the template (checked like any new workflow: builders and up, within the plan). */
    public Workflow create(String key) {
        WorkflowTemplate template = find(key).orElseThrow(() -> new NotFoundException("No template '" + key + "'"));
        return workflows.create(template.workflow().withName(template.title().length() > 120 ? template.title().substring(0, 120) : template.title(),
                template.summary()));
    }
}
