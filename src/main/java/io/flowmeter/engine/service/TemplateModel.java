package io.flowmeter.engine.service;

import io.flowmeter.engine.domain.Scheduler;
import io.flowmeter.engine.service.DefinitionCache.Loaded;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.template.TemplateException;
import io.flowmeter.template.Templates;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a run's templates see (the trigger's input, the outputs and errors of the steps they read, the run's
 * metadata) and what is rendered from it outside a step's own parameters: edge conditions, the run's business key,
 * and a step's input as people inspecting a run see it.
 */
@Component
class TemplateModel {

    /** The longest business key kept; longer ones are cut (the key is for finding a run, not for storing data). */
    static final int MAX_BUSINESS_KEY = 200;

    private static final Logger log = LoggerFactory.getLogger(TemplateModel.class);

    private final RunStore store;
    private final Templates templates;
    private final DefinitionCache definitions;
    private final EngineJson json;

    TemplateModel(RunStore store, Templates templates, DefinitionCache definitions, EngineJson json) {
        this.store = store;
        this.templates = templates;
        this.definitions = definitions;
        this.json = json;
    }

    /**
     * The data templates see: the trigger input, the outputs (and errors) of the steps read, run metadata. Read
     * inside a transaction: outside it, row-level security shows no rows.
     */
    Map<String, Object> model(RunRow run, Set<String> reads, int attempt) {
        Map<String, Object> steps = new HashMap<>();
        store.outputs(run.id(), reads).forEach((nodeId, value) -> {
            Map<String, Object> step = new HashMap<>();
            step.put("output", json.read(value[0]));
            step.put("error", value[1]);
            steps.put(nodeId, step);
        });
        Map<String, Object> meta = new HashMap<>();
        meta.put("id", run.id().toString());
        meta.put("workflowId", run.workflowId().toString());
        meta.put("version", run.versionNumber());
        meta.put("attempt", attempt);
        meta.put("startedAt", run.createdAt().toString());
        Map<String, Object> model = new HashMap<>();
        model.put("trigger", json.read(run.input()));
        model.put("steps", steps);
        model.put("run", meta);
        return model;
    }

    /** The run's edge conditions, each evaluated over the steps it reads. */
    Scheduler.Conditions conditions(RunRow run) {
        return edge -> templates.condition(edge.condition(), model(run, Templates.referencedSteps(edge.condition()), 0));
    }

    /**
     * The run's business key: the definition's template over the trigger's data, trimmed and cut to
     * {@link #MAX_BUSINESS_KEY}; none when there is no template, it renders empty, or it cannot render (a missing
     * field must not stop the run).
     */
    @Nullable String businessKey(@Nullable String template, Object input) {
        if (template == null || template.isBlank()) {
            return null;
        }
        try {
            String key = templates.render(template, Map.of("trigger", input)).strip();
            if (key.isEmpty()) {
                return null;
            }
            return key.length() > MAX_BUSINESS_KEY ? key.substring(0, MAX_BUSINESS_KEY) : key;
        } catch (TemplateException e) {
            log.debug("Business key not rendered: {}", e.getMessage());
            return null;
        }
    }

    /**
     * A step's parameters rendered from the run's data as they stand (the trigger's input and the outputs of the steps it
     * reads), for people inspecting a run; connections' secrets are never part of that data. Call inside a transaction.
     */
    @Nullable Object renderedInput(RunRow run, String nodeId, int attempt) {
        Loaded loaded = definitions.load(run.versionId());
        Node node = loaded.definition().node(nodeId).orElse(null);
        if (node == null || node.isTrigger()) {
            return json.read(run.input());
        }
        Object rendered = templates.renderValue(node.paramsOrEmpty(), model(run, loaded.reads().getOrDefault(nodeId, Set.of()), Math.max(1, attempt)));
        return rendered == null ? Map.of() : rendered;
    }
}
