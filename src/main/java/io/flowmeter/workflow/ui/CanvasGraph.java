package io.flowmeter.workflow.ui;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * What the canvas draws, as the browser receives it ({@code Graph} in {@code flowmeter-canvas.tsx}). Built by
 * {@link DraftModel#graph}; ids of edges are stable ({@code from>to:handle}) so the browser keeps its objects. {@code select},
 * when given, replaces the browser's selection; otherwise the browser keeps its own.
 */
public record CanvasGraph(long revision, boolean readOnly, List<CanvasNode> nodes, List<CanvasEdge> edges, List<Group> groups,
                          @Nullable List<String> select) {

    public static final CanvasGraph EMPTY = new CanvasGraph(0, true, List.of(), List.of(), List.of(), null);

    /** The same picture, telling the browser to select {@code ids} (after adding or pasting steps). */
    public CanvasGraph selecting(List<String> ids) {
        return new CanvasGraph(revision, readOnly, nodes, edges, groups, List.copyOf(ids));
    }

    /** The same picture with run or test states on some steps (succeeded, failed, running, waiting, ...). */
    public CanvasGraph withStatuses(java.util.Map<String, String> statuses) {
        List<CanvasNode> marked = nodes.stream().map(n -> statuses.containsKey(n.id()) ? new CanvasNode(n.id(), n.name(), n.action(), n.icon(),
                n.x(), n.y(), n.trigger(), n.outputs(), n.failure(), n.incoming(), n.problems(), statuses.get(n.id()), n.diff()) : n).toList();
        return new CanvasGraph(revision, readOnly, marked, edges, groups, select);
    }

    /**
     * A step. {@code outputs} are its source handles (out; true/false for a condition; each/out for a loop),
     * {@code failure} whether it has an "on failure" handle, {@code incoming} how many edges lead in (a join when
     * more than one), {@code status} a run state (run view) and {@code diff} added/changed/removed (version diff).
     */
    public record CanvasNode(String id, String name, String action, String icon, double x, double y, boolean trigger,
                             List<Output> outputs, boolean failure, int incoming, List<String> problems,
                             @Nullable String status, @Nullable String diff) {
    }

    public record Output(String id, @Nullable String label) {
    }

    /** {@code kind}: success, true, false, condition, failure, always or each (drawn differently). */
    public record CanvasEdge(String id, String source, String sourceHandle, String target, @Nullable String label, String kind,
                             @Nullable String diff) {
    }

    /** A loop and the steps of its body, drawn as a box around them. */
    public record Group(String loop, List<String> members) {
    }
}
