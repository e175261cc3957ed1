package io.flowmeter.workflow.domain;

import io.flowmeter.workflow.domain.WorkflowDefinition.Edge;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Adjacency views of a definition's graph (edges to unknown nodes are left out). */
public final class Graph {

    private final Map<String, List<Edge>> incoming = new LinkedHashMap<>();
    private final Map<String, List<Edge>> outgoing = new LinkedHashMap<>();

    public Graph(WorkflowDefinition definition) {
        for (Node node : definition.nodesOrEmpty()) {
            if (node.id() != null) {
                incoming.putIfAbsent(node.id(), new ArrayList<>());
                outgoing.putIfAbsent(node.id(), new ArrayList<>());
            }
        }
        for (Edge edge : definition.edgesOrEmpty()) {
            if (edge.from() != null && edge.to() != null && incoming.containsKey(edge.to()) && outgoing.containsKey(edge.from())) {
                incoming.get(edge.to()).add(edge);
                outgoing.get(edge.from()).add(edge);
            }
        }
    }

    public Set<String> nodeIds() {
        return incoming.keySet();
    }

    public List<Edge> incoming(String nodeId) {
        return incoming.getOrDefault(nodeId, List.of());
    }

    public List<Edge> outgoing(String nodeId) {
        return outgoing.getOrDefault(nodeId, List.of());
    }

    /** Every node that {@code nodeId} (transitively) depends on. */
    public Set<String> ancestors(String nodeId) {
        return walk(nodeId, true);
    }

    /** Every node that (transitively) depends on {@code nodeId}. */
    public Set<String> descendants(String nodeId) {
        return walk(nodeId, false);
    }

    /** Nodes with "each" edges: loops, whose body runs once per item. */
    public Set<String> loops() {
        Set<String> loops = new LinkedHashSet<>();
        outgoing.forEach((id, edges) -> {
            if (edges.stream().anyMatch(e -> e.whenOrDefault() == WorkflowDefinition.When.EACH)) {
                loops.add(id);
            }
        });
        return loops;
    }

    /** A loop's body: every node reachable from its "each" edges. */
    public Set<String> body(String loopId) {
        Set<String> body = new LinkedHashSet<>();
        for (Edge edge : outgoing(loopId)) {
            if (edge.whenOrDefault() == WorkflowDefinition.When.EACH && body.add(edge.to())) {
                body.addAll(descendants(edge.to()));
            }
        }
        return body;
    }

    /**
     * For each node inside a loop's body, the innermost such loop (nodes outside every body run once per run and
     * are absent). A run of one loop item has rows for exactly the nodes scoped to that loop.
     */
    public Map<String, String> scopes() {
        Map<String, String> scopes = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        for (String loop : loops()) {
            Set<String> body = body(loop);
            for (String node : body) {
                String current = scopes.get(node);
                if (current == null || body.size() < sizes.get(current)) {
                    scopes.put(node, loop);
                }
            }
            sizes.put(loop, body.size());
        }
        return scopes;
    }

    /** Nodes on a cycle, or empty for an acyclic graph (Kahn's algorithm: what cannot be ordered). */
    public Set<String> nodesOnCycles() {
        Map<String, Integer> indegree = new HashMap<>();
        incoming.forEach((id, edges) -> indegree.put(id, edges.size()));
        Deque<String> ready = new ArrayDeque<>();
        indegree.forEach((id, degree) -> {
            if (degree == 0) {
                ready.add(id);
            }
        });
        while (!ready.isEmpty()) {
            String id = ready.poll();
            for (Edge edge : outgoing(id)) {
                if (indegree.merge(edge.to(), -1, Integer::sum) == 0) {
                    ready.add(edge.to());
                }
            }
            indegree.remove(id);
        }
        Set<String> cyclic = new LinkedHashSet<>();
        incoming.keySet().forEach(id -> {
            if (indegree.containsKey(id) && !descendants(id).isEmpty() && walk(id, false).contains(id)) {
                cyclic.add(id);
            }
        });
        return cyclic;
    }

    private Set<String> walk(String start, boolean up) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(start);
        while (!todo.isEmpty()) {
            String id = todo.poll();
            for (Edge edge : up ? incoming(id) : outgoing(id)) {
                String next = up ? edge.from() : edge.to();
                if (seen.add(next)) {
                    todo.add(next);
                }
            }
        }
        return seen;
    }
}
