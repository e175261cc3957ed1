package io.flowmeter.workflow.ui;

import io.flowmeter.shared.ValidationFailedException.Violation;
import io.flowmeter.workflow.domain.Graph;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Edge;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import io.flowmeter.workflow.domain.WorkflowDefinition.Position;
import io.flowmeter.workflow.domain.WorkflowDefinition.When;
import org.jspecify.annotations.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The builder's working copy of a draft, the single source of truth for the canvas. The browser only reports
 * intents (add, move, connect, reconnect, delete, paste); each is checked here and either changes the draft (and
 * can be undone) or is refused with a reason, and either way the canvas is redrawn from {@link #graph}. Graph
 * rules that can be checked while drawing are enforced at once (no edge to an unknown node, into the trigger, to
 * itself, twice, or closing a cycle; one trigger); everything else — required parameters, templates, loop bodies
 * — is reported per node by the validator and blocks publishing, not drawing.
 */
public final class DraftModel {

    /** What an intent did: changed the draft, changed nothing, or was refused for {@code refusal}. */
    public record Outcome(boolean changed, @Nullable String refusal, @Nullable String nodeId) {

        static Outcome changed(@Nullable String nodeId) {
            return new Outcome(true, null, nodeId);
        }

        static Outcome unchanged() {
            return new Outcome(false, null, null);
        }

        static Outcome refused(String why) {
            return new Outcome(false, why, null);
        }
    }

    /** Copied steps and the edges between them. */
    public record Clipboard(List<Node> nodes, List<Edge> edges) {
    }

    public static final String OUT = "out";
    public static final String TRUE = "true";
    public static final String FALSE = "false";
    public static final String EACH = "each";
    public static final String FAILURE = "failure";
    static final String CONDITION = "core.condition";
    static final String LOOP = "util.loop";
    private static final int HISTORY = 100;
    private static final double MAX_COORDINATE = 1_000_000;
    private static final Pattern ID_CHARS = Pattern.compile("[^A-Za-z0-9_-]");

    private final StepCatalog catalog;
    private final Function<WorkflowDefinition, List<Violation>> validator;
    private final Deque<WorkflowDefinition> undo = new ArrayDeque<>();
    private final Deque<WorkflowDefinition> redo = new ArrayDeque<>();
    private WorkflowDefinition current;
    private long revision;
    private @Nullable List<Violation> problems;

    public DraftModel(WorkflowDefinition draft, StepCatalog catalog, Function<WorkflowDefinition, List<Violation>> validator) {
        this.current = draft;
        this.catalog = catalog;
        this.validator = validator;
    }

    public WorkflowDefinition definition() {
        return current;
    }

    /** Increases with every change; the canvas uses it to tell a redraw from a repeat. */
    public long revision() {
        return revision;
    }

    public List<Violation> problems() {
        if (problems == null) {
            problems = List.copyOf(validator.apply(current));
        }
        return problems;
    }

    public List<String> problemsOf(String nodeId) {
        return violationsOf(nodeId).stream().map(Violation::message).distinct().toList();
    }

    /** A step's problems with the fields they are about ({@code params.url}, {@code value.minutes}). */
    public List<Violation> violationsOf(String nodeId) {
        return problems().stream().filter(v -> nodeId.equals(v.node())).toList();
    }

    /** Problems that belong to no single step (the name, a missing trigger). */
    public List<String> generalProblems() {
        Set<String> ids = ids();
        return problems().stream().filter(v -> v.node() == null || !ids.contains(v.node())).map(Violation::message).distinct().toList();
    }

    public @Nullable Node node(String id) {
        return current.node(id).orElse(null);
    }

    /** Replaces the whole draft (a reload after someone else saved, or a restored version); clears undo. */
    public void reset(WorkflowDefinition draft) {
        undo.clear();
        redo.clear();
        current = draft;
        touched();
    }

    public Outcome rename(String name, @Nullable String description) {
        if (Objects.equals(name, current.name()) && Objects.equals(description, current.description())) {
            return Outcome.unchanged();
        }
        change(current.withName(name, description));
        return Outcome.changed(null);
    }

    /** The workflow's business key template (blank removes it). */
    public Outcome businessKey(@Nullable String template) {
        String clean = template == null || template.isBlank() ? null : template.strip();
        if (Objects.equals(clean, current.businessKey())) {
            return Outcome.unchanged();
        }
        change(current.withBusinessKey(clean));
        return Outcome.changed(null);
    }

    /** A new step of {@code type} at (x, y); its id comes from the action ({@code request}, {@code request2}, ...). */
    public Outcome add(String type, double x, double y) {
        var stepType = catalog.find(type).orElse(null);
        if (stepType == null) {
            return Outcome.refused("Unknown step type '" + type + "'");
        }
        if (!finite(x, y)) {
            return Outcome.refused("That position is off the canvas");
        }
        if (stepType.trigger()) {
            var existing = current.trigger().orElse(null);
            if (existing != null) {
                return Outcome.refused("A workflow has one trigger; delete '" + label(existing) + "' first to start it another way");
            }
        }
        if (current.nodesOrEmpty().size() >= io.flowmeter.workflow.service.DefinitionValidator.MAX_NODES) {
            return Outcome.refused("A workflow has at most " + io.flowmeter.workflow.service.DefinitionValidator.MAX_NODES + " steps");
        }
        String id = freshId(stepType.action().key(), ids());
        Node node = new Node(id, type, freshName(stepType.action().name()), null, null, null, null, null, new Position(x, y));
        List<Node> nodes = new ArrayList<>(current.nodesOrEmpty());
        nodes.add(node);
        change(current.withNodesAndEdges(nodes, current.edgesOrEmpty()));
        return Outcome.changed(id);
    }

    /**
     * Keyboard and click alternative to dragging: a new step to the right of {@code after}, connected from it
     * (or, with nothing selected, below the others).
     */
    public Outcome addAfter(String type, @Nullable String after) {
        Node from = after == null ? null : node(after);
        Position at;
        if (from != null) {
            Position p = position(from);
            at = new Position(p.x() + 280, p.y());
        } else {
            double maxY = current.nodesOrEmpty().stream().mapToDouble(n -> position(n).y()).max().orElse(-120);
            at = new Position(0, maxY + 120);
        }
        WorkflowDefinition before = current;
        Outcome added = add(type, at.x(), at.y());
        if (added.refusal() != null || from == null || added.nodeId() == null) {
            return added;
        }
        Outcome connected = connect(from.id(), OUT, added.nodeId());
        if (connected.refusal() == null) {
            // one step of undo for the whole addition
            undo.pop();
            undo.push(before);
        }
        return Outcome.changed(added.nodeId());
    }

    public Outcome move(List<FlowCanvas.Move> moves) {
        Map<String, Position> to = new HashMap<>();
        for (FlowCanvas.Move move : moves) {
            if (node(move.id()) == null) {
                return Outcome.refused("Step '" + move.id() + "' no longer exists");
            }
            if (!finite(move.x(), move.y())) {
                return Outcome.refused("That position is off the canvas");
            }
            to.put(move.id(), new Position(Math.round(move.x()), Math.round(move.y())));
        }
        boolean same = current.nodesOrEmpty().stream().allMatch(n -> !to.containsKey(n.id()) || to.get(n.id()).equals(n.position()));
        if (same) {
            return Outcome.unchanged();
        }
        List<Node> nodes = current.nodesOrEmpty().stream().map(n -> to.containsKey(n.id()) ? n.withPosition(to.get(n.id())) : n).toList();
        change(current.withNodesAndEdges(nodes, current.edgesOrEmpty()));
        return Outcome.changed(null);
    }

    /** An edge from {@code from}'s output {@code handle} to {@code to}. */
    public Outcome connect(String from, String handle, String to) {
        String refusal = checkConnection(current, from, handle, to);
        if (refusal != null) {
            return Outcome.refused(refusal);
        }
        List<Edge> edges = new ArrayList<>(current.edgesOrEmpty());
        edges.add(edge(from, handle, to));
        change(current.withNodesAndEdges(current.nodesOrEmpty(), edges));
        return Outcome.changed(to);
    }

    /** Moves an existing edge's ends; refused (leaving it as it was) when the new ends would be refused as a new edge. */
    public Outcome reconnect(String edgeId, String from, String handle, String to) {
        Edge old = edges().get(edgeId);
        if (old == null) {
            return Outcome.refused("That connection no longer exists");
        }
        List<Edge> without = new ArrayList<>(current.edgesOrEmpty());
        without.remove(old);
        WorkflowDefinition trial = current.withNodesAndEdges(current.nodesOrEmpty(), without);
        String refusal = checkConnection(trial, from, handle, to);
        if (refusal != null) {
            return Outcome.refused(refusal);
        }
        without.add(edge(from, handle, to));
        change(current.withNodesAndEdges(current.nodesOrEmpty(), without));
        return Outcome.changed(to);
    }

    /** Deletes steps (with every edge touching them) and edges; ids that no longer exist are refused. */
    public Outcome delete(List<String> nodeIds, List<String> edgeIds) {
        Set<String> gone = new HashSet<>(nodeIds);
        for (String id : gone) {
            if (node(id) == null) {
                return Outcome.refused("Step '" + id + "' no longer exists");
            }
        }
        Map<String, Edge> byId = edges();
        Set<Edge> cut = new HashSet<>();
        for (String id : edgeIds) {
            Edge edge = byId.get(id);
            if (edge == null) {
                return Outcome.refused("That connection no longer exists");
            }
            cut.add(edge);
        }
        if (gone.isEmpty() && cut.isEmpty()) {
            return Outcome.unchanged();
        }
        List<Node> nodes = current.nodesOrEmpty().stream().filter(n -> !gone.contains(n.id())).toList();
        List<Edge> edges = current.edgesOrEmpty().stream()
                .filter(e -> !cut.contains(e) && !gone.contains(e.from()) && !gone.contains(e.to())).toList();
        change(current.withNodesAndEdges(nodes, edges));
        return Outcome.changed(null);
    }

    /** Changes one step (from the step panel). */
    public Outcome update(String nodeId, UnaryOperator<Node> edit) {
        Node old = node(nodeId);
        if (old == null) {
            return Outcome.refused("Step '" + nodeId + "' no longer exists");
        }
        Node changed = edit.apply(old);
        if (changed.equals(old)) {
            return Outcome.unchanged();
        }
        List<Node> nodes = current.nodesOrEmpty().stream().map(n -> n.id() != null && n.id().equals(nodeId) ? changed : n).toList();
        change(current.withNodesAndEdges(nodes, current.edgesOrEmpty()));
        return Outcome.changed(nodeId);
    }

    public Clipboard copy(List<String> nodeIds) {
        Set<String> chosen = new HashSet<>(nodeIds);
        List<Node> nodes = current.nodesOrEmpty().stream().filter(n -> chosen.contains(n.id())).toList();
        List<Edge> edges = current.edgesOrEmpty().stream().filter(e -> chosen.contains(e.from()) && chosen.contains(e.to())).toList();
        return new Clipboard(nodes, edges);
    }

    /**
     * Adds copies of the clipboard's steps, offset from the originals, with fresh ids; references between the copied
     * steps ({@code steps.<id>.} in templates and the edges between them) follow the new ids. A trigger is not
     * pasted while the workflow has one.
     */
    public Outcome paste(Clipboard clipboard) {
        if (clipboard.nodes().isEmpty()) {
            return Outcome.unchanged();
        }
        Set<String> taken = ids();
        Map<String, String> renamed = new LinkedHashMap<>();
        boolean hasTrigger = current.trigger().isPresent();
        List<Node> nodes = new ArrayList<>(current.nodesOrEmpty());
        boolean skippedTrigger = false;
        for (Node node : clipboard.nodes()) {
            if (node.isTrigger() && hasTrigger) {
                skippedTrigger = true;
                continue;
            }
            String id = freshId(node.id() == null ? "step" : node.id(), taken);
            taken.add(id);
            renamed.put(node.id(), id);
        }
        if (renamed.isEmpty()) {
            return Outcome.refused("A workflow has one trigger, so the copied trigger was not pasted");
        }
        int max = io.flowmeter.workflow.service.DefinitionValidator.MAX_NODES;
        if (current.nodesOrEmpty().size() + renamed.size() > max) {
            return Outcome.refused("A workflow has at most " + max + " steps; this paste would make " + (current.nodesOrEmpty().size() + renamed.size()));
        }
        for (Node node : clipboard.nodes()) {
            String id = renamed.get(node.id());
            if (id == null) {
                continue;
            }
            Position p = position(node);
            @SuppressWarnings("unchecked")
            Map<String, Object> params = node.params() == null ? null : (Map<String, Object>) rewrite(node.params(), renamed);
            nodes.add(node.withId(id).withName(freshName(label(node), nodes)).withParams(params)
                    .withPosition(new Position(p.x() + 40, p.y() + 60)));
        }
        List<Edge> edges = new ArrayList<>(current.edgesOrEmpty());
        for (Edge edge : clipboard.edges()) {
            if (renamed.containsKey(edge.from()) && renamed.containsKey(edge.to())) {
                String condition = edge.condition() == null ? null : (String) rewrite(edge.condition(), renamed);
                edges.add(new Edge(renamed.get(edge.from()), renamed.get(edge.to()), condition, edge.when()));
            }
        }
        change(current.withNodesAndEdges(nodes, edges));
        return skippedTrigger ? new Outcome(true, "Pasted without the trigger: a workflow has one", null)
                : Outcome.changed(renamed.values().iterator().next());
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    public boolean canRedo() {
        return !redo.isEmpty();
    }

    public Outcome undo() {
        if (undo.isEmpty()) {
            return Outcome.unchanged();
        }
        redo.push(current);
        current = undo.pop();
        touched();
        return Outcome.changed(null);
    }

    public Outcome redo() {
        if (redo.isEmpty()) {
            return Outcome.unchanged();
        }
        undo.push(current);
        current = redo.pop();
        touched();
        return Outcome.changed(null);
    }

    /** The canvas's picture of the draft, with each step's problems, handles and loop groups. */
    public CanvasGraph graph(boolean readOnly) {
        Graph graph = new Graph(current);
        List<CanvasGraph.CanvasNode> nodes = new ArrayList<>();
        Map<String, Position> laidOut = defaultPositions(graph);
        for (Node node : current.nodesOrEmpty()) {
            if (node.id() == null) {
                continue;
            }
            var type = node.type() == null ? null : catalog.find(node.type()).orElse(null);
            Position at = node.position() != null ? node.position() : laidOut.getOrDefault(node.id(), new Position(0, 0));
            String action = type == null ? (node.type() == null ? "No step type" : node.type())
                    : type.connectorName() + " · " + type.action().name();
            nodes.add(new CanvasGraph.CanvasNode(node.id(), label(node), action, type == null ? "vaadin:question-circle" : type.icon(),
                    at.x(), at.y(), node.isTrigger(), outputs(node.type()), !node.isTrigger(), graph.incoming(node.id()).size(),
                    problemsOf(node.id()), null, null));
        }
        List<CanvasGraph.CanvasEdge> edges = new ArrayList<>();
        edges().forEach((id, edge) -> edges.add(new CanvasGraph.CanvasEdge(id, edge.from(), drawnFrom(edge), edge.to(), edgeLabel(edge),
                kind(edge), null)));
        List<CanvasGraph.Group> groups = new ArrayList<>();
        if (graph.nodesOnCycles().isEmpty()) {
            for (String loop : graph.loops()) {
                groups.add(new CanvasGraph.Group(loop, List.copyOf(graph.body(loop))));
            }
        }
        return new CanvasGraph(revision, readOnly, nodes, edges, groups, null);
    }

    /** The edges by the id the canvas knows them by: {@code from>to:handle} (with a suffix if that repeats). */
    public Map<String, Edge> edges() {
        return edges(current);
    }

    /** {@link #edges()} of any definition. */
    static Map<String, Edge> edges(WorkflowDefinition definition) {
        Map<String, Edge> byId = new LinkedHashMap<>();
        for (Edge edge : definition.edgesOrEmpty()) {
            String base = edge.from() + ">" + edge.to() + ":" + handle(edge);
            String id = base;
            for (int i = 2; byId.containsKey(id); i++) {
                id = base + "#" + i;
            }
            byId.put(id, edge);
        }
        return byId;
    }

    /** The source handle an edge starts from. */
    public static String handle(Edge edge) {
        When when = edge.whenOrDefault();
        if (when == When.EACH) {
            return EACH;
        }
        if (when == When.FAILURE) {
            return FAILURE;
        }
        if (edge.condition() != null && edge.from() != null) {
            if (edge.condition().equals(trueCondition(edge.from()))) {
                return TRUE;
            }
            if (edge.condition().equals(falseCondition(edge.from()))) {
                return FALSE;
            }
        }
        return OUT;
    }

    /**
     * The handle an edge is drawn from: its own, or, for an edge the canvas could not draw otherwise (written through
     * the API: a condition edge with its own template, "each" from a step that is not a loop, a failure path from the
     * trigger), the source's first output, so that no edge of the draft is invisible. Its label says what it is.
     */
    private String drawnFrom(Edge edge) {
        String handle = handle(edge);
        Node source = edge.from() == null ? null : node(edge.from());
        if (source == null) {
            return handle;
        }
        boolean exists = handle.equals(FAILURE) ? !source.isTrigger() : outputs(source.type()).stream().anyMatch(o -> o.id().equals(handle));
        return exists ? handle : outputs(source.type()).get(0).id();
    }

    static String trueCondition(String conditionNode) {
        return "{{steps." + conditionNode + ".output.result}}";
    }

    static String falseCondition(String conditionNode) {
        return "{{not steps." + conditionNode + ".output.result}}";
    }

    /** The outputs a step of {@code type} can be connected from (besides "on failure"). */
    public static List<CanvasGraph.Output> outputs(@Nullable String type) {
        if (CONDITION.equals(type)) {
            return List.of(new CanvasGraph.Output(TRUE, "true"), new CanvasGraph.Output(FALSE, "false"));
        }
        if (LOOP.equals(type)) {
            return List.of(new CanvasGraph.Output(EACH, "each item"), new CanvasGraph.Output(OUT, "done"));
        }
        return List.of(new CanvasGraph.Output(OUT, null));
    }

    private static @Nullable String edgeLabel(Edge edge) {
        return switch (handle(edge)) {
            case TRUE -> "true";
            case FALSE -> "false";
            case EACH -> "each item";
            case FAILURE -> "on failure";
            default -> edge.whenOrDefault() == When.ALWAYS ? "always"
                    : edge.condition() != null ? "if " + abbreviate(edge.condition()) : null;
        };
    }

    private static String kind(Edge edge) {
        String handle = handle(edge);
        if (!handle.equals(OUT)) {
            return handle;
        }
        return edge.whenOrDefault() == When.ALWAYS ? "always" : edge.condition() != null ? "condition" : "success";
    }

    private static String abbreviate(String text) {
        String plain = text.replace("{{", "").replace("}}", "").strip();
        return plain.length() <= 40 ? plain : plain.substring(0, 39) + "…";
    }

    private @Nullable String checkConnection(WorkflowDefinition definition, String from, String handle, String to) {
        Node source = definition.node(from).orElse(null);
        Node target = definition.node(to).orElse(null);
        if (source == null || target == null) {
            return "Step '" + (source == null ? from : to) + "' no longer exists";
        }
        if (from.equals(to)) {
            return "A step cannot lead into itself";
        }
        if (target.isTrigger()) {
            return "Nothing can lead into the trigger: it is where a run starts";
        }
        boolean known = handle.equals(FAILURE) ? !source.isTrigger()
                : outputs(source.type()).stream().anyMatch(o -> o.id().equals(handle));
        if (!known) {
            return "'" + label(source) + "' has no output '" + handle + "'";
        }
        Edge wanted = edge(from, handle, to);
        for (Edge edge : definition.edgesOrEmpty()) {
            if (from.equals(edge.from()) && to.equals(edge.to()) && edge.whenOrDefault() == wanted.whenOrDefault()
                    && Objects.equals(edge.condition(), wanted.condition())) {
                return "'" + label(source) + "' already leads to '" + label(target) + "' this way";
            }
        }
        if (new Graph(definition).descendants(to).contains(from)) {
            return "That would make a cycle: '" + label(source) + "' already runs after '" + label(target) + "'";
        }
        return null;
    }

    private static Edge edge(String from, String handle, String to) {
        return switch (handle) {
            case TRUE -> new Edge(from, to, trueCondition(from), null);
            case FALSE -> new Edge(from, to, falseCondition(from), null);
            case EACH -> new Edge(from, to, null, "each");
            case FAILURE -> new Edge(from, to, null, "failure");
            default -> new Edge(from, to, null, null);
        };
    }

    private void change(WorkflowDefinition next) {
        undo.push(current);
        while (undo.size() > HISTORY) {
            undo.removeLast();
        }
        redo.clear();
        current = next;
        touched();
    }

    private void touched() {
        revision++;
        problems = null;
    }

    private Set<String> ids() {
        Set<String> ids = new HashSet<>();
        current.nodesOrEmpty().forEach(n -> {
            if (n.id() != null) {
                ids.add(n.id());
            }
        });
        return ids;
    }

    static String freshId(String base, Set<String> taken) {
        String clean = ID_CHARS.matcher(base).replaceAll("");
        clean = clean.replaceAll("\\d+$", "");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
            clean = "step" + clean;
        }
        if (clean.length() > 56) {
            clean = clean.substring(0, 56);
        }
        if (!taken.contains(clean)) {
            return clean;
        }
        for (int i = 2; ; i++) {
            if (!taken.contains(clean + i)) {
                return clean + i;
            }
        }
    }

    private String freshName(String base) {
        return freshName(base, current.nodesOrEmpty());
    }

    private static String freshName(String base, List<Node> nodes) {
        Set<String> names = new HashSet<>();
        nodes.forEach(n -> names.add(label(n)));
        if (!names.contains(base)) {
            return base;
        }
        for (int i = 2; ; i++) {
            if (!names.contains(base + " " + i)) {
                return base + " " + i;
            }
        }
    }

    static String label(Node node) {
        return node.name() != null && !node.name().isBlank() ? node.name() : node.id() == null ? "step" : node.id();
    }

    private Position position(Node node) {
        return node.position() != null ? node.position() : defaultPositions(new Graph(current)).getOrDefault(node.id(), new Position(0, 0));
    }

    /** Definitions written before the builder (or by hand) have no positions: columns by depth from the trigger. */
    private Map<String, Position> defaultPositions(Graph graph) {
        Map<String, Position> positions = new HashMap<>();
        if (current.nodesOrEmpty().stream().allMatch(n -> n.position() != null) || !graph.nodesOnCycles().isEmpty()) {
            return positions;
        }
        Map<String, Integer> depth = new HashMap<>();
        for (Node node : current.nodesOrEmpty()) {
            if (node.id() != null) {
                depth(node.id(), graph, depth);
            }
        }
        Map<Integer, Integer> rows = new HashMap<>();
        for (Node node : current.nodesOrEmpty()) {
            if (node.id() != null) {
                int column = depth.get(node.id());
                int row = rows.merge(column, 1, Integer::sum) - 1;
                positions.put(node.id(), new Position(column * 280.0, row * 120.0));
            }
        }
        return positions;
    }

    private static int depth(String id, Graph graph, Map<String, Integer> memo) {
        Integer known = memo.get(id);
        if (known != null) {
            return known;
        }
        int depth = 0;
        for (Edge edge : graph.incoming(id)) {
            depth = Math.max(depth, depth(edge.from(), graph, memo) + 1);
        }
        memo.put(id, depth);
        return depth;
    }

    private static boolean finite(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && Math.abs(x) <= MAX_COORDINATE && Math.abs(y) <= MAX_COORDINATE;
    }

    /** References to copied steps follow their new ids, in one pass (so renames never chain: a → b, b → c). */
    private static Object rewrite(Object value, Map<String, String> renamed) {
        if (value instanceof String text) {
            if (renamed.isEmpty()) {
                return text;
            }
            Pattern ids = Pattern.compile("\\bsteps\\.(" + String.join("|", renamed.keySet().stream().map(Pattern::quote).toList())
                    + ")(?![A-Za-z0-9_-])");
            return ids.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement("steps." + renamed.get(m.group(1))));
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v == null ? null : rewrite(v, renamed)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> v == null ? null : rewrite(v, renamed)).toList();
        }
        return value;
    }
}
