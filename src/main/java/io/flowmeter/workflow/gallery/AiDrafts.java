package io.flowmeter.workflow.gallery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.ValidationFailedException;
import io.flowmeter.shared.ValidationFailedException.Violation;
import io.flowmeter.workflow.StepTests;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "Describe it": a sentence about a workflow turned into a draft by the organization's model, through an LLM step run
 * once like the builder's "Test step" (its connection's secrets stay in the engine). The model is told the definition's
 * shape and every step type with its parameters, and answers with JSON; an answer that is not a valid definition is
 * sent back once with its problems, and a second bad answer is an error naming them. The draft opens on the canvas;
 * nothing is published.
 */
@Service
public class AiDrafts {

    public static final int MAX_DESCRIPTION = 2_000;

    /** Which model, through which connection (or an OpenAI-compatible base URL, e.g. a local Ollama). */
    public record Model(String provider, String model, @Nullable UUID connection, @Nullable String baseUrl) {
    }

    private final StepTests steps;
    private final WorkflowService workflows;
    private final ConnectorRegistry connectors;
    private final ObjectMapper json;

    AiDrafts(StepTests steps, WorkflowService workflows, ConnectorRegistry connectors, ObjectMapper json) {
        this.steps = steps;
        this.workflows = workflows;
        this.connectors = connectors;
        this.json = json;
    }

    /**
     * A new draft from {@code description}.
     *
     * @throws ValidationFailedException when the model's second answer is still not a valid workflow (its problems)
     * @throws InvalidInputException     for an empty or too long description, or when the model could not be asked
     */
    public Workflow draft(String description, Model model) {
        String text = description == null ? "" : description.strip();
        if (text.isEmpty()) {
            throw new InvalidInputException("description", "Describe what the workflow should do");
        }
        if (text.length() > MAX_DESCRIPTION || text.indexOf('\0') >= 0) {
            throw new InvalidInputException("description", "A description has at most " + MAX_DESCRIPTION + " characters");
        }
        if (!model.provider().equals("llm.chat") && !model.provider().equals("llm.anthropic")) {
            throw new InvalidInputException("provider", "The model is asked with llm.chat (OpenAI-compatible) or llm.anthropic");
        }
        String prompt = "Build this workflow: " + text;
        List<Violation> problems = List.of();
        for (int attempt = 1; attempt <= 2; attempt++) {
            Object answer = ask(model, prompt);
            Workflow drafted = null;
            if (answer instanceof Map<?, ?> map && map.size() == 1 && map.get("invalid") instanceof String why) {
                problems = List.of(new Violation(null, null, "The answer was not JSON (" + firstLine(why) + ")"));
            } else {
                try {
                    WorkflowDefinition parsed = json.convertValue(answer, WorkflowDefinition.class);
                    if (parsed.nodesOrEmpty().stream().anyMatch(java.util.Objects::isNull) || parsed.edgesOrEmpty().stream().anyMatch(java.util.Objects::isNull)) {
                        throw new IllegalArgumentException("a node or an edge is null");
                    }
                    WorkflowDefinition definition = laidOut(parsed);
                    String name = definition.name() == null || definition.name().isBlank()
                            ? (text.length() > 60 ? text.substring(0, 60) + "…" : text) : definition.name();
                    definition = definition.withName(name, "Drafted by AI from: " + text);
                    problems = workflows.check(definition);
                    if (problems.isEmpty()) {
                        drafted = workflows.importDraft(definition);
                    }
                } catch (IllegalArgumentException notADefinition) {
                    problems = List.of(new Violation(null, null, "The answer is not a workflow definition: " + firstLine(notADefinition.getMessage())));
                }
            }
            if (drafted != null) {
                return drafted;
            }
            prompt = "Build this workflow: " + text + "\n\nYour previous answer had these problems:\n- "
                    + String.join("\n- ", problems.stream().map(Violation::toString).toList())
                    + "\nAnswer again with the whole corrected JSON definition only.";
        }
        throw new ValidationFailedException("The model's draft was not a valid workflow, twice; try describing it differently", problems);
    }

    private Object ask(Model model, String prompt) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("model", model.model());
        // the step renders its parameters as templates: the instructions' and the description's braces are text
        params.put("system", literal(system()));
        params.put("prompt", literal(prompt));
        params.put("json", true);
        params.put("maxTokens", 3000);
        params.put("temperature", 0);
        if (model.baseUrl() != null && !model.baseUrl().isBlank() && model.provider().equals("llm.chat")) {
            params.put("baseUrl", model.baseUrl().strip());
        }
        var node = new WorkflowDefinition.Node("draft", model.provider(), "Draft a workflow", params, model.connection(), null, 120_000L, null);
        StepTests.Result result = steps.test(node, Map.of("trigger", Map.of()));
        if (!result.succeeded()) {
            String error = String.valueOf(result.error());
            if (error.contains("valid JSON")) {
                return Map.of("invalid", error); // an answer, just not JSON: asked again
            }
            throw new InvalidInputException("model", "The model could not be asked: " + error);
        }
        Object output = result.output();
        Object parsed = output instanceof Map<?, ?> map ? map.get("json") : null;
        if (parsed == null) {
            return Map.of("invalid", output instanceof Map<?, ?> map && map.get("text") != null ? String.valueOf(map.get("text")) : "no JSON");
        }
        return parsed;
    }

    /** The model's instructions: the definition's shape and the step types it may use, with their parameters. */
    String system() {
        StringBuilder types = new StringBuilder();
        for (Connector connector : connectors.all()) {
            for (ActionDefinition action : connector.actions()) {
                types.append("- ").append(connector.key()).append('.').append(action.key()).append(": ").append(action.description());
                List<String> names = new ArrayList<>();
                for (ParamSpec p : action.params()) {
                    names.add(p.name() + (p.required() ? "*" : ""));
                }
                if (!names.isEmpty()) {
                    types.append(" Parameters: ").append(String.join(", ", names)).append('.');
                }
                types.append('\n');
            }
        }
        return """
                You design Flowmeter workflows. Answer with one JSON object and nothing else:
                {"name": "...", "nodes": [{"id": "lowercase_id", "type": "<step type>", "name": "What it does", "params": {...}}],
                 "edges": [{"from": "<node id>", "to": "<node id>", "condition": "{{template}} (optional)", "when": "success|failure|each (optional)"}]}
                Exactly one node has a trigger.* type and every other node is reached from it. Parameters marked * are required.
                Parameter values may be Handlebars templates over trigger.<field> (the trigger's data) and steps.<id>.output.<field>
                of steps that run before, e.g. "{{trigger.body.email}}". Conditions render true or false, e.g. "{{gt trigger.body.total 100}}".
                Do not invent ids of connections or spreadsheets: leave those parameters for the user to fill in, with a text such as
                "REPLACE-WITH-YOUR-SHEET-ID". Use only these step types:
                """ + types;
    }

    /** Positions left to right in the order of the edges (the model gives none). */
    static WorkflowDefinition laidOut(WorkflowDefinition definition) {
        Map<String, Integer> depth = new HashMap<>();
        definition.nodesOrEmpty().stream().filter(WorkflowDefinition.Node::isTrigger).forEach(n -> depth.put(n.id(), 0));
        for (int round = 0; round < definition.nodesOrEmpty().size(); round++) {
            for (WorkflowDefinition.Edge e : definition.edgesOrEmpty()) {
                if (e.from() != null && e.to() != null && depth.containsKey(e.from())) {
                    depth.merge(e.to(), depth.get(e.from()) + 1, Math::max);
                }
            }
        }
        Map<Integer, Integer> rows = new HashMap<>();
        List<WorkflowDefinition.Node> nodes = new ArrayList<>();
        for (WorkflowDefinition.Node n : definition.nodesOrEmpty()) {
            int column = Math.min(depth.getOrDefault(n.id(), 0), 50);
            int row = rows.merge(column, 1, Integer::sum) - 1;
            nodes.add(n.position() != null ? n : n.withPosition(new WorkflowDefinition.Position(column * 300.0, row * 160.0)));
        }
        return definition.withNodesAndEdges(nodes, definition.edgesOrEmpty());
    }

    static String literal(String text) {
        return text.replace("{{", "\\{{");
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
