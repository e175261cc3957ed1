package io.flowmeter.workflow.ui;

import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed from one definition to another, by node id: steps added, removed and changed (and how: each
 * parameter, the connection, retries, timeout, name, type), and edges added and removed (an edge whose route or
 * condition changed counts as removed and added again). Moving a step is not a change.
 */
public record VersionDiff(Set<String> added, Set<String> removed, Map<String, List<String>> changed, Set<String> addedEdges,
                          Set<String> removedEdges) {

    public static VersionDiff between(WorkflowDefinition before, WorkflowDefinition after) {
        Map<String, Node> old = byId(before);
        Map<String, Node> now = byId(after);
        Set<String> added = new java.util.LinkedHashSet<>(now.keySet());
        added.removeAll(old.keySet());
        Set<String> removed = new java.util.LinkedHashSet<>(old.keySet());
        removed.removeAll(now.keySet());
        Map<String, List<String>> changed = new LinkedHashMap<>();
        for (var entry : now.entrySet()) {
            Node was = old.get(entry.getKey());
            if (was != null) {
                List<String> how = changes(was, entry.getValue());
                if (!how.isEmpty()) {
                    changed.put(entry.getKey(), how);
                }
            }
        }
        Map<String, String> edgesBefore = edgeKeys(before);
        Map<String, String> edgesAfter = edgeKeys(after);
        Set<String> addedEdges = new HashSet<>();
        edgesAfter.forEach((id, key) -> {
            if (!edgesBefore.containsValue(key)) {
                addedEdges.add(id);
            }
        });
        Set<String> removedEdges = new HashSet<>();
        edgesBefore.forEach((id, key) -> {
            if (!edgesAfter.containsValue(key)) {
                removedEdges.add(id);
            }
        });
        return new VersionDiff(added, removed, changed, addedEdges, removedEdges);
    }

    /**
     * The newer version's picture with added and changed steps and edges marked, and what was removed drawn where
     * it was, marked removed.
     */
    public CanvasGraph paint(CanvasGraph before, CanvasGraph after) {
        List<CanvasGraph.CanvasNode> nodes = new ArrayList<>();
        for (CanvasGraph.CanvasNode n : after.nodes()) {
            String mark = added.contains(n.id()) ? "added" : changed.containsKey(n.id()) ? "changed" : null;
            nodes.add(mark == null ? n : marked(n, mark));
        }
        before.nodes().stream().filter(n -> removed.contains(n.id())).forEach(n -> nodes.add(marked(n, "removed")));
        List<CanvasGraph.CanvasEdge> edges = new ArrayList<>();
        for (CanvasGraph.CanvasEdge e : after.edges()) {
            edges.add(addedEdges.contains(e.id()) ? edge(e, "added") : e);
        }
        before.edges().stream().filter(e -> removedEdges.contains(e.id())).forEach(e -> edges.add(edge(e, "removed")));
        return new CanvasGraph(after.revision(), true, nodes, edges, after.groups(), null);
    }

    private static CanvasGraph.CanvasNode marked(CanvasGraph.CanvasNode n, String mark) {
        return new CanvasGraph.CanvasNode(n.id(), n.name(), n.action(), n.icon(), n.x(), n.y(), n.trigger(), n.outputs(), n.failure(),
                n.incoming(), List.of(), null, mark);
    }

    private static CanvasGraph.CanvasEdge edge(CanvasGraph.CanvasEdge e, String mark) {
        return new CanvasGraph.CanvasEdge(e.id() + (mark.equals("removed") ? "~removed" : ""), e.source(), e.sourceHandle(), e.target(),
                e.label(), e.kind(), mark);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && addedEdges.isEmpty() && removedEdges.isEmpty();
    }

    private static List<String> changes(Node was, Node now) {
        List<String> how = new ArrayList<>();
        if (!Objects.equals(was.type(), now.type())) {
            how.add("type: " + was.type() + " → " + now.type());
        }
        if (!Objects.equals(DraftModel.label(was), DraftModel.label(now))) {
            how.add("name: " + DraftModel.label(was) + " → " + DraftModel.label(now));
        }
        Set<String> names = new java.util.TreeSet<>(was.paramsOrEmpty().keySet());
        names.addAll(now.paramsOrEmpty().keySet());
        for (String name : names) {
            Object a = was.paramsOrEmpty().get(name);
            Object b = now.paramsOrEmpty().get(name);
            if (!Objects.equals(a, b)) {
                how.add(name + ": " + shown(a) + " → " + shown(b));
            }
        }
        if (!Objects.equals(was.connection(), now.connection())) {
            how.add("connection changed");
        }
        if (!Objects.equals(was.retry(), now.retry())) {
            how.add("retries changed");
        }
        if (!Objects.equals(was.timeoutMs(), now.timeoutMs())) {
            how.add("timeout: " + shown(was.timeoutMs()) + " → " + shown(now.timeoutMs()));
        }
        if (!Objects.equals(was.value(), now.value())) {
            how.add("value settings changed");
        }
        return how;
    }

    private static String shown(@org.jspecify.annotations.Nullable Object value) {
        if (value == null) {
            return "(none)";
        }
        String text = String.valueOf(value);
        return text.length() <= 60 ? text : text.substring(0, 59) + "…";
    }

    private static Map<String, Node> byId(WorkflowDefinition definition) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        definition.nodesOrEmpty().forEach(n -> {
            if (n.id() != null) {
                nodes.put(n.id(), n);
            }
        });
        return nodes;
    }

    /** Canvas edge id → what the edge means (ends, when, condition): a changed route or condition is a change. */
    private static Map<String, String> edgeKeys(WorkflowDefinition definition) {
        Map<String, String> keys = new LinkedHashMap<>();
        DraftModel.edges(definition).forEach((id, e) -> keys.put(id, e.from() + ">" + e.to() + "|" + e.whenOrDefault() + "|" + e.condition()));
        return keys;
    }
}
