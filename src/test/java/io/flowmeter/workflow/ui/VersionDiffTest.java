package io.flowmeter.workflow.ui;

import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Edge;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import io.flowmeter.workflow.domain.WorkflowDefinition.Position;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the version comparison calls added, removed and changed. */
class VersionDiffTest {

    static Node node(String id, String type, Map<String, Object> params, Position at) {
        return new Node(id, type, null, params, null, null, null, null, at);
    }

    @Test
    void stepsParametersAndRoutesButNotPositions() {
        var before = new WorkflowDefinition("w", null, List.of(node("t", "trigger.manual", Map.of(), new Position(0, 0)),
                node("call", "http.request", Map.of("url", "https://a.example"), new Position(300, 0)),
                node("gone", "core.noop", Map.of(), new Position(600, 0))),
                List.of(new Edge("t", "call", null, null), new Edge("call", "gone", null, null)));
        var after = new WorkflowDefinition("w", null, List.of(node("t", "trigger.manual", Map.of(), new Position(50, 50)),
                node("call", "http.request", Map.of("url", "https://b.example"), new Position(300, 0)),
                node("new", "core.noop", Map.of(), new Position(600, 0))),
                List.of(new Edge("t", "call", null, "always"), new Edge("call", "new", null, null)));
        var diff = VersionDiff.between(before, after);

        assertThat(diff.added()).containsExactly("new");
        assertThat(diff.removed()).containsExactly("gone");
        assertThat(diff.changed()).containsOnlyKeys("call");
        assertThat(diff.changed().get("call")).containsExactly("url: https://a.example → https://b.example");
        // success → always on the same ends is a change of route
        assertThat(diff.addedEdges()).contains("t>call:out", "call>new:out");
        assertThat(diff.removedEdges()).contains("t>call:out", "call>gone:out");
        assertThat(VersionDiff.between(after, after).isEmpty()).isTrue();
    }
}
