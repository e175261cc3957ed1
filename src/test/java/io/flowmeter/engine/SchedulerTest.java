package io.flowmeter.engine;

import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.Scheduler;
import io.flowmeter.engine.domain.Scheduler.Decision;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.workflow.domain.Graph;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Edge;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.flowmeter.engine.domain.StepStatus.FAILED;
import static io.flowmeter.engine.domain.StepStatus.PENDING;
import static io.flowmeter.engine.domain.StepStatus.QUEUED;
import static io.flowmeter.engine.domain.StepStatus.RUNNING;
import static io.flowmeter.engine.domain.StepStatus.SKIPPED;
import static io.flowmeter.engine.domain.StepStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

class SchedulerTest {

    /** Builds a graph from "a>b", "a>c:when", "a>d?cond" specs. */
    static Graph graph(String... edges) {
        Set<String> ids = new java.util.LinkedHashSet<>();
        List<Edge> list = new ArrayList<>();
        for (String spec : edges) {
            String condition = spec.contains("?") ? spec.substring(spec.indexOf('?') + 1) : null;
            String rest = spec.contains("?") ? spec.substring(0, spec.indexOf('?')) : spec;
            String when = rest.contains(":") ? rest.substring(rest.indexOf(':') + 1) : null;
            rest = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
            String[] parts = rest.split(">");
            ids.addAll(Arrays.asList(parts));
            list.add(new Edge(parts[0], parts[1], condition, when));
        }
        List<Node> nodes = ids.stream().map(id -> new Node(id, id.equals("t") ? "trigger.manual" : "core.noop", null, null, null, null, null, null)).toList();
        return new Graph(new WorkflowDefinition("g", null, nodes, list));
    }

    static Map<String, StepStatus> states(Object... pairs) {
        Map<String, StepStatus> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (StepStatus) pairs[i + 1]);
        }
        return map;
    }

    static final Scheduler.Conditions TRUE_IS_TRUE = edge -> edge.condition().equals("true");

    static Map<String, Decision.Kind> decide(Graph graph, Map<String, StepStatus> states) {
        Map<String, Decision.Kind> result = new HashMap<>();
        Scheduler.decide(graph, states, TRUE_IS_TRUE).forEach(d -> result.put(d.nodeId(), d.kind()));
        return result;
    }

    @Test
    void linearChainAdvancesOneStepAtATime() {
        Graph g = graph("t>a", "a>b", "b>c");
        assertThat(decide(g, states("t", SUCCEEDED, "a", PENDING, "b", PENDING, "c", PENDING))).containsExactly(Map.entry("a", Decision.Kind.READY));
        assertThat(decide(g, states("t", SUCCEEDED, "a", RUNNING, "b", PENDING, "c", PENDING))).isEmpty();
        assertThat(decide(g, states("t", SUCCEEDED, "a", SUCCEEDED, "b", PENDING, "c", PENDING))).containsExactly(Map.entry("b", Decision.Kind.READY));
    }

    @Test
    void fanOutStartsAllBranchesAndAJoinWaitsForAllOfThem() {
        Graph g = graph("t>a", "t>b", "t>c", "a>j", "b>j", "c>j");
        assertThat(decide(g, states("t", SUCCEEDED, "a", PENDING, "b", PENDING, "c", PENDING, "j", PENDING)))
                .containsOnlyKeys("a", "b", "c").containsValues(Decision.Kind.READY);
        assertThat(decide(g, states("t", SUCCEEDED, "a", SUCCEEDED, "b", SUCCEEDED, "c", RUNNING, "j", PENDING))).isEmpty();
        assertThat(decide(g, states("t", SUCCEEDED, "a", SUCCEEDED, "b", SUCCEEDED, "c", SUCCEEDED, "j", PENDING)))
                .containsExactly(Map.entry("j", Decision.Kind.READY));
    }

    @Test
    void aFalseConditionSkipsTheBranchAndSkippingPropagatesButStopsAtAJoinWithAnActiveInput() {
        Graph g = graph("t>c", "c>yes?true", "c>no?false", "yes>y2", "no>n2", "y2>end", "n2>end");
        var d = decide(g, states("t", SUCCEEDED, "c", SUCCEEDED, "yes", PENDING, "no", PENDING, "y2", PENDING, "n2", PENDING, "end", PENDING));
        assertThat(d).containsEntry("yes", Decision.Kind.READY).containsEntry("no", Decision.Kind.SKIP)
                .containsEntry("n2", Decision.Kind.SKIP).doesNotContainKey("end").doesNotContainKey("y2");
        // the join runs once the live branch is done, although its other input was skipped
        var later = decide(g, states("t", SUCCEEDED, "c", SUCCEEDED, "yes", SUCCEEDED, "no", SKIPPED, "y2", SUCCEEDED, "n2", SKIPPED, "end", PENDING));
        assertThat(later).containsExactly(Map.entry("end", Decision.Kind.READY));
    }

    @Test
    void aJoinWhoseInputsAreAllSkippedIsSkipped() {
        Graph g = graph("t>a?false", "t>b?false", "a>j", "b>j", "j>k");
        assertThat(decide(g, states("t", SUCCEEDED, "a", PENDING, "b", PENDING, "j", PENDING, "k", PENDING)))
                .containsEntry("a", Decision.Kind.SKIP).containsEntry("b", Decision.Kind.SKIP)
                .containsEntry("j", Decision.Kind.SKIP).containsEntry("k", Decision.Kind.SKIP);
    }

    @Test
    void failurePathsRunOnlyOnFailureAndAlwaysEdgesOnBoth() {
        Graph g = graph("t>a", "a>ok", "a>onFail:failure", "a>cleanup:always");
        assertThat(decide(g, states("t", SUCCEEDED, "a", FAILED, "ok", PENDING, "onFail", PENDING, "cleanup", PENDING)))
                .containsEntry("ok", Decision.Kind.SKIP).containsEntry("onFail", Decision.Kind.READY).containsEntry("cleanup", Decision.Kind.READY);
        assertThat(decide(g, states("t", SUCCEEDED, "a", SUCCEEDED, "ok", PENDING, "onFail", PENDING, "cleanup", PENDING)))
                .containsEntry("ok", Decision.Kind.READY).containsEntry("onFail", Decision.Kind.SKIP).containsEntry("cleanup", Decision.Kind.READY);
        assertThat(Scheduler.handled(g, "a")).isTrue();
        assertThat(Scheduler.handled(g, "ok")).isFalse();
    }

    @Test
    void aConditionThatCannotBeEvaluatedFailsItsTarget() {
        Graph g = graph("t>a?boom");
        List<Decision> decisions = Scheduler.decide(g, states("t", SUCCEEDED, "a", PENDING), edge -> {
            throw new IllegalStateException("Missing value 'steps.x'");
        });
        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Decision.Kind.FAIL);
            assertThat(d.error()).contains("Missing value 'steps.x'").contains("t → a");
        });
    }

    @Test
    void queuedOrRunningStepsAreNeverDecidedAgain() {
        Graph g = graph("t>a");
        assertThat(decide(g, states("t", SUCCEEDED, "a", QUEUED))).isEmpty();
        assertThat(decide(g, states("t", SUCCEEDED, "a", SUCCEEDED))).isEmpty();
    }

    @Test
    void outcomes() {
        Graph g = graph("t>a", "a>b", "a>f:failure");
        assertThat(Scheduler.outcome(g, states("t", SUCCEEDED, "a", SUCCEEDED, "b", RUNNING, "f", SKIPPED))).isEqualTo(RunStatus.RUNNING);
        assertThat(Scheduler.outcome(g, states("t", SUCCEEDED, "a", SUCCEEDED, "b", SUCCEEDED, "f", SKIPPED))).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Scheduler.outcome(g, states("t", SUCCEEDED, "a", FAILED, "b", SKIPPED, "f", SUCCEEDED))).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(Scheduler.outcome(g, states("t", SUCCEEDED, "a", SUCCEEDED, "b", FAILED, "f", SKIPPED))).isEqualTo(RunStatus.FAILED);
        // an unhandled failure fails the run at once, even while other branches still run
        Graph parallel = graph("t>x", "t>y");
        assertThat(Scheduler.outcome(parallel, states("t", SUCCEEDED, "x", FAILED, "y", RUNNING))).isEqualTo(RunStatus.FAILED);
        assertThat(Scheduler.terminals(g)).containsExactlyInAnyOrder("b", "f");
    }

    @Test
    void aLoopsBodyIsWhatItsEachEdgesReachAndNestedLoopsScopeTheirOwnBodies() {
        Graph g = graph("t>outer", "outer>a:each", "a>inner", "inner>b:each", "b>c", "a>d", "outer>after");
        assertThat(g.loops()).containsExactlyInAnyOrder("outer", "inner");
        assertThat(g.body("outer")).containsExactlyInAnyOrder("a", "inner", "b", "c", "d");
        assertThat(g.body("inner")).containsExactlyInAnyOrder("b", "c");
        assertThat(g.scopes()).containsEntry("a", "outer").containsEntry("inner", "outer").containsEntry("d", "outer")
                .containsEntry("b", "inner").containsEntry("c", "inner").doesNotContainKeys("t", "outer", "after");
        // a loop with nothing after it is still where its run ends (its output is the items' results)
        assertThat(Scheduler.terminals(graph("t>l", "l>x:each"))).containsExactlyInAnyOrder("l", "x");
        // an "each" edge is not a failure path
        assertThat(Scheduler.handled(g, "outer")).isFalse();
        // inside an item's run the loop step is settled (succeeded, holding the item): its body is ready
        assertThat(decide(graph("t>l", "l>x:each"), states("t", SUCCEEDED, "l", SUCCEEDED, "x", PENDING))).containsEntry("x", Decision.Kind.READY);
    }
}
