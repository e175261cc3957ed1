package io.flowmeter.workflow.ui;

import io.flowmeter.template.Templates;
import io.flowmeter.workflow.StepTests;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Edge;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** "Test workflow" follows the engine's rules for what runs: order, branches, failure paths, skips, loops. */
class WorkflowTestRunTest {

    static Node node(String id, String type) {
        return new Node(id, type, null, null, null, null, null, null);
    }

    final List<String> tested = new ArrayList<>();

    /** Steps named "bad…" fail; a condition's output is {result: trigger.vip}; everything else echoes its id. */
    StepTests tests() {
        return (node, data) -> {
            tested.add(node.id());
            if (node.id().startsWith("bad")) {
                return new StepTests.Result(false, null, null, "boom", "", 1, null);
            }
            Object output = "core.condition".equals(node.type())
                    ? Map.of("result", ((Map<?, ?>) data.get("trigger")).get("vip")) : Map.of("id", node.id());
            return new StepTests.Result(true, null, output, null, "", 1, null);
        };
    }

    Map<String, String> run(WorkflowDefinition definition, Object sample, List<String> progress) {
        var data = new TestData();
        data.trigger(sample);
        return new WorkflowTestRun(definition, tests(), new Templates(), data)
                .run((p, states) -> progress.add(p.nodeId() + ":" + p.state()));
    }

    @Test
    void runsBranchesAndFailurePathsAsARunWouldAndSkipsTheRest() {
        var definition = new WorkflowDefinition("t", null, List.of(node("t", "trigger.manual"), node("vip", "core.condition"),
                node("gold", "core.noop"), node("plain", "core.noop"), node("bad", "http.request"), node("alarm", "core.noop"),
                node("after", "core.noop")),
                List.of(new Edge("t", "vip", null, null),
                        new Edge("vip", "gold", DraftModel.trueCondition("vip"), null),
                        new Edge("vip", "plain", DraftModel.falseCondition("vip"), null),
                        new Edge("gold", "bad", null, null),
                        new Edge("bad", "alarm", null, "failure"),
                        new Edge("bad", "after", null, null)));
        List<String> progress = new ArrayList<>();
        var states = run(definition, Map.of("vip", true), progress);

        assertThat(states).containsEntry("t", "succeeded").containsEntry("vip", "succeeded").containsEntry("gold", "succeeded")
                .containsEntry("plain", "skipped").containsEntry("bad", "failed").containsEntry("alarm", "succeeded")
                .containsEntry("after", "skipped");
        assertThat(tested).containsExactly("t", "vip", "gold", "bad", "alarm");
        assertThat(progress).startsWith("t:running", "t:succeeded", "vip:running", "vip:succeeded");
    }

    @Test
    void aJoinWaitsForAllItsInputsAndLoopBodiesAreNotEntered() {
        var definition = new WorkflowDefinition("t", null, List.of(node("t", "trigger.manual"), node("a", "core.noop"),
                node("b", "core.noop"), node("join", "core.noop"), node("each", "util.loop"), node("item", "core.noop")),
                List.of(new Edge("t", "a", null, null), new Edge("t", "b", null, null), new Edge("a", "join", null, null),
                        new Edge("b", "join", null, null), new Edge("join", "each", null, null), new Edge("each", "item", null, "each")));
        var states = run(definition, Map.of(), new ArrayList<>());

        assertThat(tested.indexOf("join")).isGreaterThan(tested.indexOf("a")).isGreaterThan(tested.indexOf("b"));
        assertThat(states).containsEntry("each", "succeeded").containsEntry("item", "skipped");
        assertThat(tested).doesNotContain("item");
    }

    @Test
    void aFailureNothingHandlesEndsTheTestAsItEndsARun() {
        var definition = new WorkflowDefinition("t", null, List.of(node("t", "trigger.manual"), node("bad", "http.request"),
                node("x", "core.noop"), node("y", "core.noop")),
                List.of(new Edge("t", "bad", null, null), new Edge("bad", "x", null, null), new Edge("t", "y", null, null)));
        var states = run(definition, Map.of(), new ArrayList<>());

        assertThat(tested).containsExactly("t", "bad");
        assertThat(states).containsEntry("bad", "failed").containsEntry("x", "skipped").containsEntry("y", "skipped");
    }

    @Test
    void aConditionThatCannotBeEvaluatedFailsTheStepItLeadsTo() {
        var definition = new WorkflowDefinition("t", null, List.of(node("t", "trigger.manual"), node("next", "core.noop")),
                List.of(new Edge("t", "next", "{{trigger.name}}", null)));
        var states = run(definition, Map.of("name", "Ada"), new ArrayList<>());

        assertThat(states).containsEntry("next", "failed");
        assertThat(tested).containsExactly("t");
    }
}
