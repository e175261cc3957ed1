package io.flowmeter.workflow.service;

import io.flowmeter.connection.Connections;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.shared.ValidationFailedException.Violation;
import io.flowmeter.template.TemplateException;
import io.flowmeter.template.Templates;
import io.flowmeter.workflow.StepValue;
import io.flowmeter.workflow.domain.Graph;
import io.flowmeter.workflow.domain.RetryPolicy;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Edge;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a definition before it is saved or published and lists every problem in words a builder can act
 * on, each tied to its node: graph shape (one trigger, no cycles, no dangling or duplicate edges, everything
 * reachable), known step types, required and unknown parameters, template syntax, references only to
 * upstream steps, sane retry settings, connections that exist in this tenant, and value settings (the ROI figures a
 * step's {@code value} field gives, see {@link StepValue}) that fit the step.
 */
@Component
public class DefinitionValidator {

    public static final int MAX_NODES = 500;
    public static final int MAX_EDGES = 2_000;
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private final ConnectorRegistry connectors;
    private final Templates templates;
    private final Connections connections;

    public DefinitionValidator(ConnectorRegistry connectors, Templates templates, Connections connections) {
        this.connectors = connectors;
        this.templates = templates;
        this.connections = connections;
    }

    public List<Violation> validate(@Nullable WorkflowDefinition definition) {
        List<Violation> problems = new ArrayList<>();
        if (definition == null) {
            problems.add(new Violation(null, null, "The definition is empty"));
            return problems;
        }
        if (definition.name() == null || definition.name().isBlank()) {
            problems.add(new Violation(null, "name", "Give the workflow a name"));
        } else if (definition.name().strip().length() > 120) {
            problems.add(new Violation(null, "name", "A name has at most 120 characters"));
        }
        checkBusinessKey(definition.businessKey(), problems);
        List<Node> nodes = definition.nodesOrEmpty();
        List<Edge> edges = definition.edgesOrEmpty();
        if (nodes.isEmpty()) {
            problems.add(new Violation(null, "nodes", "A workflow needs at least a trigger node"));
            return problems;
        }
        if (nodes.size() > MAX_NODES || edges.size() > MAX_EDGES) {
            problems.add(new Violation(null, "nodes", "A workflow has at most " + MAX_NODES + " nodes and " + MAX_EDGES + " edges"));
            return problems;
        }

        Set<String> ids = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node.id() == null || !NODE_ID.matcher(node.id()).matches()) {
                problems.add(new Violation(node.id(), "nodes[" + i + "].id",
                        "A node id starts with a letter and has up to 64 letters, digits, '-' or '_'"));
            } else if (!ids.add(node.id())) {
                problems.add(new Violation(node.id(), "id", "Two nodes share the id '" + node.id() + "'"));
            }
        }
        long triggers = nodes.stream().filter(Node::isTrigger).count();
        if (triggers != 1) {
            problems.add(new Violation(null, "nodes", triggers == 0
                    ? "Add a trigger node (type trigger.*): it starts the workflow"
                    : "A workflow has exactly one trigger node, this one has " + triggers));
        }

        Set<String> edgeKeys = new HashSet<>();
        for (Edge edge : edges) {
            String label = edge.from() + " → " + edge.to();
            if (edge.from() == null || !ids.contains(edge.from())) {
                problems.add(new Violation(edge.to(), "edges", "Edge " + label + " starts at an unknown node"));
            } else if (edge.to() == null || !ids.contains(edge.to())) {
                problems.add(new Violation(edge.from(), "edges", "Edge " + label + " leads to an unknown node"));
            } else if (edge.from().equals(edge.to())) {
                problems.add(new Violation(edge.from(), "edges", "A node cannot depend on itself"));
            } else if (!edgeKeys.add(edge.from() + "\u0000" + edge.to() + "\u0000" + edge.whenOrDefault())) {
                problems.add(new Violation(edge.to(), "edges", "Edge " + label + " appears twice"));
            }
            if (edge.when() != null && WorkflowDefinition.When.parse(edge.when()).isEmpty()) {
                problems.add(new Violation(edge.to(), "edges", "Edge " + label + ": 'when' is success, failure, always or each"));
            }
        }

        Graph graph = new Graph(definition);
        Set<String> cyclic = graph.nodesOnCycles();
        if (!cyclic.isEmpty()) {
            problems.add(new Violation(cyclic.iterator().next(), "edges", "The graph has a cycle through " + String.join(", ", cyclic)));
        }
        definition.trigger().filter(t -> t.id() != null).ifPresent(trigger -> {
            if (!graph.incoming(trigger.id()).isEmpty()) {
                problems.add(new Violation(trigger.id(), "edges", "Nothing can lead into the trigger"));
            }
            Set<String> reachable = graph.descendants(trigger.id());
            reachable.add(trigger.id());
            for (Node node : nodes) {
                if (node.id() != null && ids.contains(node.id()) && !reachable.contains(node.id()) && !node.isTrigger()) {
                    problems.add(new Violation(node.id(), "edges", "Not connected to the trigger, so it would never run"));
                }
            }
        });

        if (cyclic.isEmpty()) {
            checkLoops(definition, graph, problems);
        }
        for (Node node : nodes) {
            checkNode(node, graph, cyclic.isEmpty(), problems);
        }
        if (cyclic.isEmpty()) {
            for (Edge edge : edges) {
                if (edge.condition() != null && edge.from() != null && ids.contains(edge.from())) {
                    Set<String> visible = graph.ancestors(edge.from());
                    visible.add(edge.from());
                    checkTemplate(edge.to(), "condition of " + edge.from() + " → " + edge.to(), edge.condition(), visible, problems);
                }
            }
        }
        return problems;
    }

    /**
     * A loop's body (what its "each" edges reach) runs once per item, in runs of its own: only loops have "each"
     * edges, and nothing outside a body may lead into it, so every step runs either per item or once per run.
     */
    private static void checkLoops(WorkflowDefinition definition, Graph graph, List<Violation> problems) {
        Set<String> loops = graph.loops();
        for (Node node : definition.nodesOrEmpty()) {
            boolean loop = LOOP.equals(node.type());
            if (loops.contains(node.id()) && !loop) {
                problems.add(new Violation(node.id(), "edges", "Only a loop (" + LOOP + ") has 'each' edges"));
            } else if (loop && node.id() != null && !loops.contains(node.id())) {
                problems.add(new Violation(node.id(), "edges",
                        "Connect the steps to run for each item with an edge from this loop whose 'when' is each"));
            }
        }
        for (String loop : loops) {
            Set<String> body = graph.body(loop);
            for (String member : body) {
                for (Edge edge : graph.incoming(member)) {
                    boolean inside = body.contains(edge.from())
                            || (edge.from().equals(loop) && edge.whenOrDefault() == WorkflowDefinition.When.EACH);
                    if (!inside) {
                        problems.add(new Violation(member, "edges", "'" + member + "' runs for each item of loop '" + loop
                                + "', so only the loop's 'each' edges and steps inside the loop may lead into it, not '" + edge.from() + "'"));
                    }
                }
            }
        }
    }

    private static final String LOOP = "util.loop";
    private static final String APPROVAL = "core.approval";
    /** The key a {@link StepValue} message names first: {@code Value setting 'minutes' must be ...}. */
    private static final Pattern NAMED_KEY = Pattern.compile("'([^']*)'");

    private void checkNode(Node node, Graph graph, boolean acyclic, List<Violation> problems) {
        String id = node.id();
        var resolved = node.type() == null ? java.util.Optional.<ConnectorRegistry.Resolved>empty() : connectors.resolve(node.type());
        if (io.flowmeter.workflow.importer.N8nImporter.PLACEHOLDER.equals(node.type())) {
            problems.add(new Violation(id, "type", "Imported from n8n (" + node.paramsOrEmpty().getOrDefault("n8nType", "unknown type")
                    + ") without a Flowmeter equivalent: " + node.paramsOrEmpty().getOrDefault("reason", "") + ". Replace or remove this step"));
        } else if (resolved.isEmpty()) {
            problems.add(new Violation(id, "type", node.type() == null ? "Choose a step type"
                    : "Unknown step type '" + node.type() + "'"));
        } else {
            ActionDefinition action = resolved.get().action();
            for (ParamSpec spec : action.params()) {
                Object value = node.paramsOrEmpty().get(spec.name());
                if (spec.required() && (value == null || value.toString().isBlank())) {
                    problems.add(new Violation(id, "params." + spec.name(), "'" + spec.name() + "' is required"));
                }
                if (value instanceof String text && !text.contains("{{") && !spec.options().isEmpty() && !spec.options().contains(text)) {
                    problems.add(new Violation(id, "params." + spec.name(), "'" + spec.name() + "' is one of " + spec.options()));
                }
            }
            for (String name : node.paramsOrEmpty().keySet()) {
                if (action.param(name).isEmpty()) {
                    problems.add(new Violation(id, "params." + name, "Unknown parameter '" + name + "' for " + node.type()));
                }
            }
            if ("trigger.poll".equals(node.type()) && node.paramsOrEmpty().get("source") instanceof String source
                    && !source.contains("{{") && connectors.resolvePoller(source).isEmpty()) {
                problems.add(new Violation(id, "params.source", "Nothing to watch called '" + source + "'"));
            }
            resolved.get().connector().validate(action.key(), node.paramsOrEmpty())
                    .forEach((name, problem) -> problems.add(new Violation(id, "params." + name, problem)));
        }
        if (acyclic && id != null) {
            Set<String> upstream = graph.ancestors(id);
            node.paramsOrEmpty().forEach((name, value) -> checkValue(id, "params." + name, value, upstream, problems));
        }
        RetryPolicy retry = node.retry();
        if (retry != null) {
            if (retry.maxAttempts() != null && (retry.maxAttempts() < 1 || retry.maxAttempts() > 20)) {
                problems.add(new Violation(id, "retry.maxAttempts", "Between 1 and 20 attempts"));
            }
            if (retry.initialDelayMs() != null && (retry.initialDelayMs() < 0 || retry.initialDelayMs() > 86_400_000L)) {
                problems.add(new Violation(id, "retry.initialDelayMs", "Between 0 ms and one day"));
            }
            if (retry.multiplier() != null && (retry.multiplier() < 1 || retry.multiplier() > 10)) {
                problems.add(new Violation(id, "retry.multiplier", "Between 1 and 10"));
            }
            if (retry.maxDelayMs() != null && (retry.maxDelayMs() < 0 || retry.maxDelayMs() > 7 * 86_400_000L)) {
                problems.add(new Violation(id, "retry.maxDelayMs", "Between 0 ms and seven days"));
            }
        }
        if (node.timeoutMs() != null && (node.timeoutMs() < 1 || node.timeoutMs() > 86_400_000L)) {
            problems.add(new Violation(id, "timeoutMs", "Between 1 ms and one day"));
        }
        if (node.connection() != null && !connections.exists(node.connection())) {
            problems.add(new Violation(id, "connection", "Connection " + node.connection() + " does not exist in this organization"));
        }
        checkValueSettings(node, problems);
    }

    /**
     * A node's value settings parse as {@link StepValue} and fit the step: none on the trigger, minutes to decide on
     * approvals only, and per-item figures outside a loop say which output field holds the items.
     */
    private static void checkValueSettings(Node node, List<Violation> problems) {
        if (node.value() == null || node.value().isEmpty()) {
            return;
        }
        String id = node.id();
        if (node.isTrigger()) {
            problems.add(new Violation(id, "value",
                    "A trigger saves nothing by itself: set the value on the steps, or minutes per run on the workflow"));
            return;
        }
        StepValue value;
        try {
            value = StepValue.of(node.value());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "The value settings are not valid" : e.getMessage();
            Matcher key = NAMED_KEY.matcher(message);
            problems.add(new Violation(id, key.find() ? "value." + key.group(1) : "value", message));
            return;
        }
        if (value.minutesToDecide() != null && !APPROVAL.equals(node.type())) {
            problems.add(new Violation(id, "value.minutesToDecide",
                    "Minutes to decide apply only to approval steps (" + APPROVAL + ")"));
        }
        boolean perItem = value.minutesPerItem() != null || value.outcomePerItem() != null;
        if (perItem && value.items() == null && !LOOP.equals(node.type())) {
            problems.add(new Violation(id, "value.items", "Say which output field holds the items (value setting 'items')"));
        }
    }

    private void checkValue(String nodeId, String field, @Nullable Object value, Set<String> upstream, List<Violation> problems) {
        if (value instanceof String text) {
            checkTemplate(nodeId, field, text, upstream, problems);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                checkTemplate(nodeId, field, String.valueOf(k), upstream, problems);
                checkValue(nodeId, field + "." + k, v, upstream, problems);
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkValue(nodeId, field + "[" + i + "]", list.get(i), upstream, problems);
            }
        }
    }

    /** The longest business key template; the rendered key is cut to {@code MAX_BUSINESS_KEY} characters. */
    public static final int MAX_BUSINESS_KEY_TEMPLATE = 500;

    private void checkBusinessKey(@Nullable String key, List<Violation> problems) {
        if (key == null) {
            return;
        }
        if (key.isBlank()) {
            problems.add(new Violation(null, "businessKey", "Leave the business key out, or give a template such as {{trigger.body.orderId}}"));
        } else if (key.length() > MAX_BUSINESS_KEY_TEMPLATE) {
            problems.add(new Violation(null, "businessKey", "A business key template has at most " + MAX_BUSINESS_KEY_TEMPLATE + " characters"));
        } else if (key.contains("{{")) {
            try {
                templates.check(key);
                if (!Templates.referencedSteps(key).isEmpty()) {
                    problems.add(new Violation(null, "businessKey",
                            "The business key is worked out when the run starts, so it can use the trigger's data only (trigger.…), not steps"));
                }
            } catch (TemplateException e) {
                problems.add(new Violation(null, "businessKey", e.getMessage()));
            }
        }
    }

    /** An n8n expression an import could not translate: its {@code $json}, {@code $('Node')}… mean nothing here. */
    private static final Pattern N8N_EXPRESSION = Pattern.compile("(?<!\\\\)\\{\\{[^}]*\\$(json|node|input|\\(|env|execution|workflow|now|today|binary|items?|"
            + "runIndex|vars|prevNode|jmespath|if|min|max)");

    private void checkTemplate(@Nullable String nodeId, String field, String template, Set<String> visible, List<Violation> problems) {
        if (!template.contains("{{")) {
            return;
        }
        if (N8N_EXPRESSION.matcher(template).find()) {
            problems.add(new Violation(nodeId, field, "An n8n expression that was not translated: rewrite it as a Flowmeter template "
                    + "(e.g. {{steps.<id>.output.<field>}})"));
            return;
        }
        try {
            templates.check(template);
        } catch (TemplateException e) {
            problems.add(new Violation(nodeId, field, e.getMessage()));
            return;
        }
        for (String step : Templates.referencedSteps(template)) {
            if (!visible.contains(step)) {
                problems.add(new Violation(nodeId, field, "Refers to step '" + step + "', which does not run before this one"));
            }
        }
    }
}
