package io.flowmeter.engine.domain;

import io.flowmeter.workflow.domain.Graph;
import io.flowmeter.workflow.domain.WorkflowDefinition.Edge;
import io.flowmeter.workflow.domain.WorkflowDefinition.When;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's decisions, free of I/O: which waiting steps may start, which are skipped, and how a run ends.
 * <p>
 * A step is decided once every step it depends on has settled. An incoming edge is active when its source
 * ended the way the edge's {@code when} asks (success, failure, or either) and its condition holds. A step
 * with at least one active incoming edge is ready (a join waits for all its inputs); a step with none is
 * skipped, and skipping propagates. A failed step whose definition declares a failure path (an outgoing
 * edge with {@code when} failure or always) is handled; any other failure fails the run.
 */
public final class Scheduler {

    private Scheduler() {
    }

    /** What to do with a step whose inputs have all settled. */
    public record Decision(String nodeId, Kind kind, String error) {
        public enum Kind { READY, SKIP, FAIL }
    }

    /** Evaluates an edge's condition against the run's data; throws with a message when it cannot. */
    @FunctionalInterface
    public interface Conditions {
        boolean holds(Edge edge) throws Exception;
    }

    public static List<Decision> decide(Graph graph, Map<String, StepStatus> states, Conditions conditions) {
        Map<String, StepStatus> working = new HashMap<>(states);
        List<Decision> decisions = new ArrayList<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String nodeId : graph.nodeIds()) {
                if (working.get(nodeId) != StepStatus.PENDING) {
                    continue;
                }
                List<Edge> incoming = graph.incoming(nodeId);
                if (incoming.isEmpty() || !incoming.stream().allMatch(e -> working.getOrDefault(e.from(), StepStatus.PENDING).settled())) {
                    continue;
                }
                Decision decision = decideOne(nodeId, incoming, working, conditions);
                decisions.add(decision);
                working.put(nodeId, switch (decision.kind()) {
                    case READY -> StepStatus.QUEUED;
                    case SKIP -> StepStatus.SKIPPED;
                    case FAIL -> StepStatus.FAILED;
                });
                changed = true;
            }
        }
        return decisions;
    }

    private static Decision decideOne(String nodeId, List<Edge> incoming, Map<String, StepStatus> states, Conditions conditions) {
        boolean active = false;
        for (Edge edge : incoming) {
            if (!matches(edge.whenOrDefault(), states.get(edge.from()))) {
                continue;
            }
            if (edge.condition() == null || edge.condition().isBlank()) {
                active = true;
                continue;
            }
            try {
                active |= conditions.holds(edge);
            } catch (Exception e) {
                return new Decision(nodeId, Decision.Kind.FAIL, "The condition on " + edge.from() + " → " + nodeId
                        + " could not be evaluated: " + e.getMessage());
            }
        }
        return new Decision(nodeId, active ? Decision.Kind.READY : Decision.Kind.SKIP, "");
    }

    static boolean matches(When when, StepStatus source) {
        return switch (when) {
            case SUCCESS, EACH -> source == StepStatus.SUCCEEDED;
            case FAILURE -> source == StepStatus.FAILED;
            case ALWAYS -> source == StepStatus.SUCCEEDED || source == StepStatus.FAILED;
        };
    }

    /** A failed step continues the run when its definition has a failure path. */
    public static boolean handled(Graph graph, String failedNode) {
        return graph.outgoing(failedNode).stream().anyMatch(e -> e.whenOrDefault() == When.FAILURE || e.whenOrDefault() == When.ALWAYS);
    }

    /** RUNNING while anything is unsettled; FAILED with an unhandled failure; else SUCCEEDED. */
    public static RunStatus outcome(Graph graph, Map<String, StepStatus> states) {
        for (Map.Entry<String, StepStatus> state : states.entrySet()) {
            if (state.getValue() == StepStatus.FAILED && !handled(graph, state.getKey())) {
                return RunStatus.FAILED;
            }
        }
        return states.values().stream().allMatch(StepStatus::settled) ? RunStatus.SUCCEEDED : RunStatus.RUNNING;
    }

    /**
     * Steps with no successors (a loop's body does not count: the loop's own output is its items' results): their
     * outputs make the run's output.
     */
    public static List<String> terminals(Graph graph) {
        return graph.nodeIds().stream()
                .filter(id -> graph.outgoing(id).stream().allMatch(e -> e.whenOrDefault() == When.EACH)).toList();
    }
}
