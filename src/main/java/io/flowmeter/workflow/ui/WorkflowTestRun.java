package io.flowmeter.workflow.ui;

import io.flowmeter.template.TemplateException;
import io.flowmeter.template.Templates;
import io.flowmeter.workflow.StepTests;
import io.flowmeter.workflow.domain.Graph;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Edge;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import io.flowmeter.workflow.domain.WorkflowDefinition.When;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * "Test workflow": the draft run end to end as a test, step by step with the sample data, reporting each step's
 * state as it goes so the canvas lights up. It follows the engine's rules for which steps run — a step runs once
 * everything leading into it has settled and at least one edge into it is active (its {@code when} matches the
 * outcome, its condition holds); otherwise it is skipped; a failure nothing handles (no failure or always edge) ends
 * it, as it ends a run — but it is not a run: nothing is stored, nothing is counted
 * (ROI, quotas), no trigger fires, waits are not waited for and a loop's body is not entered (each step's test says
 * what a run would do).
 */
final class WorkflowTestRun {

    /** A step's state as the test goes: running, succeeded, failed or skipped. */
    record Progress(String nodeId, String state, StepTests.@org.jspecify.annotations.Nullable Result result) {
    }

    private final WorkflowDefinition definition;
    private final StepTests tests;
    private final Templates templates;
    private final TestData data;

    WorkflowTestRun(WorkflowDefinition definition, StepTests tests, Templates templates, TestData data) {
        this.definition = definition;
        this.tests = tests;
        this.templates = templates;
        this.data = data;
    }

    /** Runs every reachable step in order, telling {@code progress} before and after each; returns the final states. */
    Map<String, String> run(BiConsumer<Progress, Map<String, String>> progress) {
        Graph graph = new Graph(definition);
        Map<String, String> states = new LinkedHashMap<>();
        Node trigger = definition.trigger().orElse(null);
        if (trigger == null || !graph.nodesOnCycles().isEmpty()) {
            return states;
        }
        Set<String> inLoops = new java.util.HashSet<>();
        graph.loops().forEach(loop -> inLoops.addAll(graph.body(loop)));
        List<String> order = order(graph, trigger.id());
        for (int i = 0; i < order.size(); i++) {
            String id = order.get(i);
            Node node = definition.node(id).orElseThrow();
            if (inLoops.contains(id)) {
                settle(id, "skipped", null, states, progress);
                continue;
            }
            StepTests.Result result;
            try {
                if (!node.isTrigger() && !active(graph, id, states)) {
                    settle(id, "skipped", null, states, progress);
                    continue;
                }
                states.put(id, "running");
                progress.accept(new Progress(id, "running", null), Map.copyOf(states));
                result = tests.test(node, data.model(graph.ancestors(id)));
            } catch (TemplateException e) {
                // as in the engine: a condition that cannot be evaluated fails the step it leads to
                result = new StepTests.Result(false, null, null, "A condition leading here could not be evaluated: " + e.getMessage(), "", 0, null);
            }
            data.recorded(id, result);
            settle(id, result.succeeded() ? "succeeded" : "failed", result, states, progress);
            boolean handled = graph.outgoing(id).stream().anyMatch(e -> e.whenOrDefault() == When.FAILURE || e.whenOrDefault() == When.ALWAYS);
            if (!result.succeeded() && !handled) {
                // a run fails here and cancels what has not run: so does the test (no calls a run would not make)
                for (String rest : order.subList(i + 1, order.size())) {
                    settle(rest, "skipped", null, states, progress);
                }
                break;
            }
        }
        return states;
    }

    private static void settle(String id, String state, StepTests.@org.jspecify.annotations.Nullable Result result, Map<String, String> states,
                               BiConsumer<Progress, Map<String, String>> progress) {
        states.put(id, state);
        progress.accept(new Progress(id, state, result), Map.copyOf(states));
    }

    /**
     * Whether at least one edge into {@code id} is active, given how its sources ended; throws when a condition that
     * matters cannot be evaluated.
     */
    private boolean active(Graph graph, String id, Map<String, String> states) {
        for (Edge edge : graph.incoming(id)) {
            String source = states.get(edge.from());
            boolean matches = switch (edge.whenOrDefault()) {
                case SUCCESS -> "succeeded".equals(source);
                case FAILURE -> "failed".equals(source);
                case ALWAYS -> "succeeded".equals(source) || "failed".equals(source);
                case EACH -> false;
            };
            if (!matches) {
                continue;
            }
            if (edge.condition() == null) {
                return true;
            }
            if (templates.condition(edge.condition(), data.model(graph.ancestors(id)))) {
                return true;
            }
        }
        return false;
    }

    /** The steps reachable from the trigger, each after everything leading into it. */
    private static List<String> order(Graph graph, String start) {
        Set<String> reachable = graph.descendants(start);
        reachable.add(start);
        Map<String, Integer> waiting = new HashMap<>();
        for (String id : reachable) {
            waiting.put(id, (int) graph.incoming(id).stream().filter(e -> reachable.contains(e.from())).count());
        }
        Deque<String> ready = new ArrayDeque<>(List.of(start));
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (Edge edge : graph.outgoing(id)) {
                if (waiting.merge(edge.to(), -1, Integer::sum) == 0) {
                    ready.add(edge.to());
                }
            }
        }
        return order;
    }
}
