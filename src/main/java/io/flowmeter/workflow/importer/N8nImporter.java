package io.flowmeter.workflow.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.workflow.domain.RetryPolicy;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns an n8n workflow export (0.x or 1.x) into a Flowmeter draft. Every node but sticky notes becomes a node with
 * the same name and position; the node types both tools have are mapped ({@link N8nNodes}), their expressions
 * translated where they have an equivalent ({@link N8nExpressions}); the rest become {@value #PLACEHOLDER} steps that
 * keep the original n8n node and block publishing. One trigger is kept (the first connected supported one); others are
 * placeholders too. Nothing is dropped without a line in the result saying so.
 */
@Component
public class N8nImporter {

    public static final String PLACEHOLDER = "import.placeholder";

    private static final Set<String> PASS_THROUGH = Set.of("if", "switch", "merge", "noOp", "wait", "respondToWebhook");

    private final ObjectMapper json;

    public N8nImporter(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The draft of {@code file}.
     *
     * @throws io.flowmeter.shared.ValidationFailedException when it is not an n8n workflow (what is wrong, by node)
     */
    public ImportResult importWorkflow(JsonNode file) {
        N8nFile n8n = N8nFile.read(file);
        String timezone = file.path("settings").path("timezone").isTextual() ? file.path("settings").path("timezone").asText() : null;
        return new Run(n8n, timezone).run();
    }

    /** One import's state. */
    private final class Run {
        final N8nFile file;
        final @Nullable String timezone;
        final Map<String, N8nFile.Node> byName = new LinkedHashMap<>();
        final Map<String, String> ids = new HashMap<>();
        final List<ImportResult.Unsupported> unsupported = new ArrayList<>();
        final List<ImportResult.Note> notes = new ArrayList<>();
        final Map<String, List<N8nFile.Connection>> incoming = new HashMap<>();
        final Set<N8nFile.Connection> backEdges = new HashSet<>();
        @Nullable String trigger;

        Run(N8nFile file, @Nullable String timezone) {
            this.file = file;
            this.timezone = timezone;
            file.nodes().forEach(n -> byName.put(n.name(), n));
        }

        ImportResult run() {
            assignIds();
            chooseTrigger();
            for (N8nFile.Connection c : file.connections()) {
                if (!byName.containsKey(c.from()) && !file.stickyNotes().contains(c.from())) {
                    unsupported.add(new ImportResult.Unsupported(c.from(), "?", "connections", "connections name a node '" + c.from()
                            + "' that the file does not have; they were not imported"));
                } else if (c.type().equals("main") && byName.containsKey(c.to()) && byName.containsKey(c.from())) {
                    incoming.computeIfAbsent(c.to(), k -> new ArrayList<>()).add(c);
                }
            }
            findBackEdges();
            List<WorkflowDefinition.Node> nodes = new ArrayList<>();
            Map<String, N8nNodes.Mapped> mapped = new HashMap<>();
            List<String> imported = new ArrayList<>();
            for (N8nFile.Node node : file.nodes()) {
                String id = ids.get(node.name());
                N8nNodes.Mapped m = mapNode(node, id);
                mapped.put(node.name(), m);
                if (!m.type().equals(PLACEHOLDER)) {
                    imported.add(node.name());
                }
                nodes.add(new WorkflowDefinition.Node(id, m.type(), node.name(), m.params().isEmpty() ? null : m.params(), null, retry(node), null,
                        null, new WorkflowDefinition.Position(node.x(), node.y())));
            }
            List<WorkflowDefinition.Edge> edges = edges(mapped);
            String name = file.name() == null ? "Imported from n8n" : file.name();
            name = name.length() > 120 ? name.substring(0, 120) : name;
            var definition = new WorkflowDefinition(name, "Imported from n8n", nodes, edges);
            return new ImportResult(definition, imported, unsupported, notes);
        }

        private void assignIds() {
            Set<String> taken = new HashSet<>();
            for (N8nFile.Node node : file.nodes()) {
                String base = node.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
                if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
                    base = "n_" + base;
                }
                base = base.length() > 56 ? base.substring(0, 56).replaceAll("_+$", "") : base;
                String id = base;
                for (int i = 2; !taken.add(id); i++) {
                    id = base + "_" + i;
                }
                ids.put(node.name(), id);
            }
        }

        /** The first supported trigger that starts something (else the first supported one): the others are placeholders. */
        private void chooseTrigger() {
            Set<String> sources = new HashSet<>();
            file.connections().forEach(c -> sources.add(c.from()));
            for (boolean connectedOnly : new boolean[]{true, false}) {
                for (N8nFile.Node node : file.nodes()) {
                    if (node.isBase() && N8nNodes.TRIGGERS.contains(node.shortType()) && !node.disabled() && (!connectedOnly || sources.contains(node.name()))
                            && mappable(node)) {
                        trigger = node.name();
                        return;
                    }
                }
            }
        }

        /** Whether a trigger maps to a Flowmeter trigger (a Cron node without times does not, and is not kept). */
        private boolean mappable(N8nFile.Node trigger) {
            try {
                N8nNodes.map(trigger, ids.get(trigger.name()), context(trigger, new ArrayList<>(), new ArrayList<>()));
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** Wires from a loop's body back into its SplitInBatches node: Flowmeter's loop closes itself. */
        private void findBackEdges() {
            for (N8nFile.Node node : file.nodes()) {
                if (!"splitInBatches".equals(node.shortType())) {
                    continue;
                }
                // the loop's body: what its per-item output reaches (its "done" output leads on, out of the loop)
                Set<String> downstream = new HashSet<>();
                ArrayDeque<String> queue = new ArrayDeque<>();
                for (N8nFile.Connection c : file.connections()) {
                    if (c.from().equals(node.name()) && c.type().equals("main") && c.output() == eachOutput(node) && downstream.add(c.to())) {
                        queue.add(c.to());
                    }
                }
                while (!queue.isEmpty()) {
                    String at = queue.poll();
                    for (N8nFile.Connection c : file.connections()) {
                        if (c.from().equals(at) && c.type().equals("main") && !c.to().equals(node.name()) && downstream.add(c.to())) {
                            queue.add(c.to());
                        }
                    }
                }
                for (N8nFile.Connection c : incoming.getOrDefault(node.name(), List.of())) {
                    if (downstream.contains(c.from())) {
                        backEdges.add(c);
                    }
                }
                if (backEdges.stream().anyMatch(c -> c.to().equals(node.name()))) {
                    notes.add(new ImportResult.Note(node.name(), "the wire back into the loop was left out: Flowmeter's loop runs its body once per "
                            + "item by itself"));
                }
            }
        }

        private N8nNodes.Mapped mapNode(N8nFile.Node node, String id) {
            boolean isTrigger = node.isBase() && N8nNodes.TRIGGERS.contains(node.shortType()) || node.shortType().endsWith("Trigger");
            if (isTrigger && !node.name().equals(trigger)) {
                return placeholder(node, trigger == null ? "this trigger has no Flowmeter equivalent"
                        : "a Flowmeter workflow has one trigger, and '" + trigger + "' was kept");
            }
            if (node.disabled()) {
                notes.add(new ImportResult.Note(node.name(), "it was disabled in n8n, so it became a step that does nothing"));
                // a disabled node passes its items on through its first output only
                Map<Integer, String> closed = new HashMap<>();
                for (int output = 1; output < n8nOutputs(node); output++) {
                    closed.put(output, "{{false}}");
                }
                return new N8nNodes.Mapped("core.noop", Map.of(), closed.isEmpty() ? Map.of() : Map.of(0, "{{true}}"), -1, n8nOutputs(node))
                        .withClosed(closed);
            }
            List<ImportResult.Unsupported> found = new ArrayList<>();
            List<ImportResult.Note> noted = new ArrayList<>();
            try {
                N8nNodes.Mapped m = N8nNodes.map(node, id, context(node, found, noted));
                unsupported.addAll(found);
                notes.addAll(noted);
                return m;
            } catch (N8nNodes.Unmappable | N8nConditions.Untranslatable e) {
                return placeholder(node, e.getMessage());
            } catch (RuntimeException e) {
                // a parameter of an unexpected shape: keep the node as it was rather than fail the import
                return placeholder(node, "its parameters could not be read (" + e.getClass().getSimpleName() + ")");
            }
        }

        private N8nNodes.Mapped placeholder(N8nFile.Node node, String reason) {
            unsupported.add(new ImportResult.Unsupported(node.name(), node.type(), null, reason));
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("n8nType", node.type());
            params.put("typeVersion", node.typeVersion());
            params.put("reason", reason);
            params.put("parameters", json.convertValue(node.parameters(), Map.class));
            return new N8nNodes.Mapped(PLACEHOLDER, params, Map.of(), -1, n8nOutputs(node));
        }

        private N8nNodes.Context context(N8nFile.Node node, List<ImportResult.Unsupported> found, List<ImportResult.Note> noted) {
            N8nExpressions.Roots roots = roots(node);
            return new N8nNodes.Context() {
                @Override
                public @Nullable Object value(String parameter, @Nullable JsonNode value) {
                    return translate(node, parameter, value, roots, found);
                }

                @Override
                public void unsupported(String parameter, String reason) {
                    found.add(new ImportResult.Unsupported(node.name(), node.type(), parameter, reason));
                }

                @Override
                public void note(String note) {
                    noted.add(new ImportResult.Note(node.name(), note));
                }

                @Override
                public N8nExpressions.Roots roots() {
                    return roots;
                }

                @Override
                public @Nullable String idOfFirst(String shortType) {
                    return file.nodes().stream().filter(n -> n.isBase() && n.shortType().equals(shortType)).findFirst().map(n -> ids.get(n.name()))
                            .orElse(null);
                }

                @Override
                public @Nullable String timezone() {
                    return timezone;
                }
            };
        }

        private @Nullable Object translate(N8nFile.Node node, String parameter, @Nullable JsonNode value, N8nExpressions.Roots roots,
                                           List<ImportResult.Unsupported> found) {
            if (value == null || value.isNull() || value.isMissingNode()) {
                return null;
            }
            if (value.isTextual()) {
                var result = N8nExpressions.translate(value.asText(), roots);
                if (result.problem() != null) {
                    found.add(new ImportResult.Unsupported(node.name(), node.type(), parameter, "the expression " + result.problem()));
                }
                return result.value();
            }
            if (value.isObject() && value.has("__rl")) {
                return translate(node, parameter, value.get("value"), roots, found);
            }
            if (value.isArray()) {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < value.size(); i++) {
                    list.add(translate(node, parameter + "[" + i + "]", value.get(i), roots, found));
                }
                return list;
            }
            if (value.isObject()) {
                Map<String, Object> map = new LinkedHashMap<>();
                value.fields().forEachRemaining(e -> map.put(e.getKey(), translate(node, parameter + "." + e.getKey(), e.getValue(), roots, found)));
                return map;
            }
            return json.convertValue(value, Object.class);
        }

        /** Where {@code $json} and {@code $('Other')} point for expressions of {@code node}. */
        private N8nExpressions.Roots roots(N8nFile.Node node) {
            return new N8nExpressions.Roots() {
                @Override
                public N8nExpressions.Resolved input() {
                    return inputOf(node.name(), new HashSet<>());
                }

                @Override
                public N8nExpressions.Resolved of(String nodeName) {
                    if (!byName.containsKey(nodeName)) {
                        return N8nExpressions.Resolved.none("there is no node '" + nodeName + "'");
                    }
                    return rootOf(nodeName, new HashSet<>());
                }
            };
        }

        private N8nExpressions.Resolved inputOf(String name, Set<String> seen) {
            List<N8nFile.Connection> in = incoming.getOrDefault(name, List.of()).stream().filter(c -> !backEdges.contains(c)).toList();
            if (in.isEmpty()) {
                return N8nExpressions.Resolved.none("'" + name + "' has no input");
            }
            Set<String> paths = new LinkedHashSet<>();
            Set<String> sources = new HashSet<>();
            for (N8nFile.Connection c : in) {
                if (!sources.add(c.from() + "\u0000" + c.output())) {
                    continue;
                }
                N8nFile.Node from = byName.get(c.from());
                if (from.isBase() && from.shortType().equals("splitInBatches") && c.output() != eachOutput(from)) {
                    paths.add("steps." + ids.get(c.from()) + ".output.results"); // after the loop: its items' results
                    continue;
                }
                N8nExpressions.Resolved root = rootOf(c.from(), new HashSet<>(seen));
                if (root.path() == null) {
                    return root;
                }
                paths.add(root.path());
            }
            return paths.size() == 1 ? N8nExpressions.Resolved.path(paths.iterator().next())
                    : N8nExpressions.Resolved.none("'" + name + "' has several inputs, so $json is ambiguous: name the node with $('…')");
        }

        /** The output of a SplitInBatches node that runs per item: v1 has one, v2 loop then done, v3 done then loop. */
        private static int eachOutput(N8nFile.Node loop) {
            return loop.typeVersion() < 3 ? 0 : 1;
        }

        /** How many normal (non-error) outputs the n8n node has, as its wires count them. */
        private static int n8nOutputs(N8nFile.Node node) {
            if (!node.isBase()) {
                return 1;
            }
            return switch (node.shortType()) {
                case "if" -> 2;
                case "splitInBatches" -> node.typeVersion() < 2 ? 1 : 2;
                case "switch" -> node.typeVersion() < 2 ? 4
                        : Math.max(1, node.param("rules").path(node.typeVersion() < 3 ? "rules" : "values").size()
                        + ("extra".equals(node.param("options").path("fallbackOutput").asText()) ? 1 : 0));
                default -> 1;
            };
        }

        private N8nExpressions.Resolved rootOf(String name, Set<String> seen) {
            if (!seen.add(name)) {
                return N8nExpressions.Resolved.none("the data of '" + name + "' goes round in a circle");
            }
            N8nFile.Node node = byName.get(name);
            String id = ids.get(name);
            if (name.equals(trigger)) {
                return N8nExpressions.Resolved.path("trigger");
            }
            String type = node.isBase() ? node.shortType() : "";
            if (type.equals("splitInBatches")) {
                return N8nExpressions.Resolved.path("steps." + id + ".output.item");
            }
            if (PASS_THROUGH.contains(type) || node.disabled()) {
                return inputOf(name, seen);
            }
            if (type.equals("httpRequest")) {
                return N8nExpressions.Resolved.path("steps." + id + ".output.body");
            }
            if (type.equals("googleSheets") && !"append".equals(node.text("operation"))) {
                return N8nExpressions.Resolved.path("steps." + id + ".output.rows");
            }
            return N8nExpressions.Resolved.path("steps." + id + ".output");
        }

        /** One edge per pair of nodes and outcome: outputs of a Switch that lead to the same node are one edge, their conditions ORed. */
        private List<WorkflowDefinition.Edge> edges(Map<String, N8nNodes.Mapped> mapped) {
            Map<String, List<WorkflowDefinition.Edge>> grouped = new LinkedHashMap<>();
            for (N8nFile.Connection c : file.connections()) {
                N8nFile.Node from = byName.get(c.from());
                N8nFile.Node to = byName.get(c.to());
                if (from == null) {
                    continue; // reported above (or a sticky note)
                }
                if (to == null) {
                    unsupported.add(new ImportResult.Unsupported(from.name(), from.type(), "connections", "it is connected to '" + c.to()
                            + "', which the file does not have"));
                    continue;
                }
                if (!c.type().equals("main")) {
                    unsupported.add(new ImportResult.Unsupported(from.name(), from.type(), "connections", "its " + c.type() + " link to '" + to.name()
                            + "' (a LangChain sub-node) has no Flowmeter equivalent"));
                    continue;
                }
                if (backEdges.contains(c)) {
                    continue;
                }
                if (to.name().equals(trigger)) {
                    unsupported.add(new ImportResult.Unsupported(from.name(), from.type(), "connections", "it is connected into the trigger '"
                            + to.name() + "', which nothing can start"));
                    continue;
                }
                N8nNodes.Mapped m = mapped.get(from.name());
                String condition = null;
                String when = null;
                boolean errorOutput = from.hasErrorOutput() && c.output() == m.normalOutputs();
                if (errorOutput) {
                    when = "failure";
                } else if (m.type().equals("util.loop")) {
                    when = c.output() == m.eachOutput() || m.normalOutputs() == 1 ? "each" : null;
                } else {
                    condition = m.outputConditions().get(c.output());
                    if (!m.outputConditions().isEmpty() && condition == null) {
                        condition = "{{false}}"; // an output no rule leads to
                    }
                }
                if (!errorOutput && !"each".equals(when) && (from.continueOnFail() || "continueRegularOutput".equals(from.onError()))) {
                    when = "always";
                }
                grouped.computeIfAbsent(c.from() + "\u0000" + c.to() + "\u0000" + when, k -> new ArrayList<>())
                        .add(new WorkflowDefinition.Edge(ids.get(from.name()), ids.get(to.name()), condition, when));
            }
            List<WorkflowDefinition.Edge> edges = new ArrayList<>();
            for (List<WorkflowDefinition.Edge> same : grouped.values()) {
                WorkflowDefinition.Edge first = same.get(0);
                List<String> conditions = same.stream().map(WorkflowDefinition.Edge::condition).distinct().toList();
                String condition = conditions.contains(null) ? null : conditions.size() == 1 ? conditions.get(0)
                        : "{{or " + String.join(" ", conditions.stream().map(t -> t.substring(2, t.length() - 2))
                        .map(inner -> inner.contains(" ") ? "(" + inner + ")" : inner).toList()) + "}}";
                edges.add(new WorkflowDefinition.Edge(first.from(), first.to(), condition, first.when()));
            }
            return edges;
        }

        private @Nullable RetryPolicy retry(N8nFile.Node node) {
            if (!node.retryOnFail()) {
                return null;
            }
            int tries = node.maxTries() == null ? 3 : Math.max(1, Math.min(20, node.maxTries()));
            long wait = node.waitBetweenTries() == null ? 1000 : Math.max(0, Math.min(60_000, node.waitBetweenTries()));
            return new RetryPolicy(tries, wait, 1.0, Math.max(wait, 1));
        }
    }
}
