package io.flowmeter.workflow.ui;

import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import io.flowmeter.shared.ValidationFailedException.Violation;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Edge;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builder's model sync: every browser intent is applied or refused here, including the ones a browser can send
 * that make no sense (an edge to an unknown node, a move of a deleted node).
 */
class DraftModelTest {

    static Connector connector(String key, String name, ActionDefinition... actions) {
        return new Connector() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public String displayName() {
                return name;
            }

            @Override
            public List<ActionDefinition> actions() {
                return List.of(actions);
            }

            @Override
            public ActionResult execute(String action, ActionRequest request) {
                return ActionResult.completed(Map.of());
            }
        };
    }

    static final StepCatalog CATALOG = new StepCatalog(List.of(
            connector("trigger", "Trigger", new ActionDefinition("manual", "Manual or API", "", List.of(), true),
                    new ActionDefinition("webhook", "Webhook", "", List.of(), true)),
            connector("core", "Logic", new ActionDefinition("noop", "Do nothing", "", List.of(), true),
                    new ActionDefinition("condition", "Condition", "", List.of(ParamSpec.required("condition", ParamType.STRING, "")), true)),
            connector("util", "Utilities", new ActionDefinition("loop", "Loop over items", "", List.of(), false)),
            connector("http", "HTTP", new ActionDefinition("request", "HTTP request", "",
                    List.of(ParamSpec.required("url", ParamType.STRING, "")), false))));

    final List<WorkflowDefinition> validated = new ArrayList<>();

    DraftModel model(WorkflowDefinition definition) {
        return new DraftModel(definition, CATALOG, d -> {
            validated.add(d);
            return d.nodesOrEmpty().stream().filter(n -> "http.request".equals(n.type()) && !n.paramsOrEmpty().containsKey("url"))
                    .map(n -> new Violation(n.id(), "params.url", "'url' is required")).toList();
        });
    }

    static WorkflowDefinition empty() {
        return new WorkflowDefinition("Demo", null, List.of(), List.of());
    }

    @Test
    void addingStepsGivesReadableUniqueIdsNamesAndPositions() {
        var model = model(empty());
        assertThat(model.add("trigger.webhook", 10, 20).nodeId()).isEqualTo("webhook");
        assertThat(model.add("http.request", 300, 20).nodeId()).isEqualTo("request");
        assertThat(model.add("http.request", 600, 20).nodeId()).isEqualTo("request2");
        Node second = model.node("request2");
        assertThat(second.name()).isEqualTo("HTTP request 2");
        assertThat(second.position()).isEqualTo(new WorkflowDefinition.Position(600, 20));
        assertThat(model.revision()).isEqualTo(3);
    }

    @Test
    void refusesWhatTheGraphCannotHold() {
        var model = model(empty());
        model.add("trigger.manual", 0, 0);
        model.add("http.request", 300, 0);
        model.add("core.noop", 600, 0);

        assertThat(model.add("trigger.webhook", 0, 200).refusal()).contains("one trigger");
        assertThat(model.add("nope.nothing", 0, 0).refusal()).contains("Unknown step type");
        assertThat(model.add("core.noop", Double.NaN, 0).refusal()).contains("off the canvas");
        assertThat(model.connect("manual", "out", "ghost").refusal()).contains("'ghost' no longer exists");
        assertThat(model.connect("ghost", "out", "request").refusal()).contains("'ghost' no longer exists");
        assertThat(model.connect("request", "out", "manual").refusal()).contains("Nothing can lead into the trigger");
        assertThat(model.connect("request", "out", "request").refusal()).contains("itself");
        assertThat(model.connect("request", "true", "noop").refusal()).contains("has no output 'true'");
        assertThat(model.connect("manual", "failure", "noop").refusal()).contains("has no output 'failure'");

        assertThat(model.connect("manual", "out", "request").changed()).isTrue();
        assertThat(model.connect("manual", "out", "request").refusal()).contains("already leads");
        assertThat(model.connect("request", "out", "noop").changed()).isTrue();
        assertThat(model.connect("noop", "out", "request").refusal()).contains("cycle");
        assertThat(model.definition().edgesOrEmpty()).hasSize(2);
    }

    @Test
    void aMoveOrDeleteOfAStepThatIsGoneIsRefusedAndChangesNothing() {
        var model = model(empty());
        model.add("trigger.manual", 0, 0);
        model.add("core.noop", 300, 0);
        model.delete(List.of("noop"), List.of());
        var before = model.definition();

        var moved = model.move(List.of(new FlowCanvas.Move("manual", 5, 5), new FlowCanvas.Move("noop", 50, 50)));
        assertThat(moved.refusal()).contains("'noop' no longer exists");
        assertThat(model.delete(List.of("noop"), List.of()).refusal()).contains("no longer exists");
        assertThat(model.delete(List.of(), List.of("manual>noop:out")).refusal()).contains("connection no longer exists");
        assertThat(model.reconnect("manual>noop:out", "manual", "out", "manual").refusal()).contains("connection no longer exists");
        assertThat(model.update("noop", n -> n.withName("x")).refusal()).contains("no longer exists");
        assertThat(model.definition()).isEqualTo(before);
    }

    @Test
    void deletingAStepTakesItsEdgesAlong() {
        var model = model(empty());
        model.add("trigger.manual", 0, 0);
        model.add("http.request", 300, 0);
        model.add("core.noop", 600, 0);
        model.connect("manual", "out", "request");
        model.connect("request", "out", "noop");
        model.connect("request", "failure", "noop");

        assertThat(model.edges()).containsKeys("manual>request:out", "request>noop:out", "request>noop:failure");
        model.delete(List.of("request"), List.of());
        assertThat(model.definition().nodesOrEmpty()).extracting(Node::id).containsExactly("manual", "noop");
        assertThat(model.definition().edgesOrEmpty()).isEmpty();
    }

    @Test
    void conditionOutputsBecomeTrueAndFalseEdgesAndBack() {
        var model = model(empty());
        model.add("trigger.manual", 0, 0);
        model.add("core.condition", 300, 0);
        model.add("core.noop", 600, 0);
        model.add("http.request", 600, 200);
        model.connect("manual", "out", "condition");
        model.connect("condition", "true", "noop");
        model.connect("condition", "false", "request");

        assertThat(model.definition().edgesOrEmpty()).contains(
                new Edge("condition", "noop", "{{steps.condition.output.result}}", null),
                new Edge("condition", "request", "{{not steps.condition.output.result}}", null));
        var graph = model.graph(false);
        assertThat(graph.edges()).extracting(CanvasGraph.CanvasEdge::sourceHandle, CanvasGraph.CanvasEdge::label)
                .contains(org.assertj.core.groups.Tuple.tuple("true", "true"), org.assertj.core.groups.Tuple.tuple("false", "false"));
        assertThat(graph.nodes()).filteredOn(n -> n.id().equals("condition")).singleElement()
                .satisfies(n -> assertThat(n.outputs()).extracting(CanvasGraph.Output::id).containsExactly("true", "false"));
    }

    @Test
    void reconnectingMovesAnEdgeOrLeavesItWhenTheNewEndsAreRefused() {
        var model = model(empty());
        model.add("trigger.manual", 0, 0);
        model.add("core.noop", 300, 0);
        model.add("http.request", 300, 200);
        model.connect("manual", "out", "noop");

        assertThat(model.reconnect("manual>noop:out", "manual", "out", "request").changed()).isTrue();
        assertThat(model.edges()).containsOnlyKeys("manual>request:out");
        assertThat(model.reconnect("manual>request:out", "request", "out", "manual").refusal()).contains("into the trigger");
        assertThat(model.edges()).containsOnlyKeys("manual>request:out");
    }

    @Test
    void loopsJoinsAndProblemsAreDrawn() {
        var definition = new WorkflowDefinition("Loop", null, List.of(
                new Node("t", "trigger.manual", null, null, null, null, null, null),
                new Node("each", "util.loop", null, null, null, null, null, null),
                new Node("call", "http.request", null, null, null, null, null, null),
                new Node("a", "core.noop", null, null, null, null, null, null),
                new Node("join", "core.noop", null, null, null, null, null, null)),
                List.of(new Edge("t", "each", null, null), new Edge("each", "call", null, "each"),
                        new Edge("each", "a", null, null), new Edge("t", "join", null, null), new Edge("a", "join", null, null)));
        var graph = model(definition).graph(false);

        assertThat(graph.groups()).containsExactly(new CanvasGraph.Group("each", List.of("call")));
        assertThat(graph.nodes()).filteredOn(n -> n.id().equals("join")).singleElement().satisfies(n -> assertThat(n.incoming()).isEqualTo(2));
        assertThat(graph.nodes()).filteredOn(n -> n.id().equals("call")).singleElement()
                .satisfies(n -> assertThat(n.problems()).containsExactly("'url' is required"));
        assertThat(graph.edges()).filteredOn(e -> e.kind().equals("each")).singleElement()
                .satisfies(e -> assertThat(e.label()).isEqualTo("each item"));
        // a definition without positions (written by hand) is laid out in columns by depth
        assertThat(graph.nodes()).filteredOn(n -> n.id().equals("join")).singleElement().satisfies(n -> assertThat(n.x()).isEqualTo(840.0));
    }

    @Test
    void undoAndRedoWalkTheHistory() {
        var model = model(empty());
        model.add("trigger.manual", 0, 0);
        model.add("core.noop", 300, 0);
        model.connect("manual", "out", "noop");
        var connected = model.definition();

        model.undo();
        assertThat(model.definition().edgesOrEmpty()).isEmpty();
        model.undo();
        assertThat(model.definition().nodesOrEmpty()).hasSize(1);
        model.redo();
        model.redo();
        assertThat(model.definition()).isEqualTo(connected);
        assertThat(model.canRedo()).isFalse();
        assertThat(model.redo().changed()).isFalse();

        model.undo();
        model.add("http.request", 0, 300); // a new change forgets what could be redone
        assertThat(model.canRedo()).isFalse();
    }

    @Test
    void pasteCopiesStepsWithFreshIdsAndRewiresReferencesBetweenThem() {
        var model = model(empty());
        model.add("trigger.manual", 0, 0);
        model.add("http.request", 300, 0);
        model.add("core.noop", 600, 0);
        model.update("noop", n -> n.withParams(Map.of("note", "{{steps.request.output.body}} and {{trigger.x}}")));
        model.connect("manual", "out", "request");
        model.connect("request", "out", "noop");

        var clipboard = model.copy(List.of("manual", "request", "noop"));
        var pasted = model.paste(clipboard);
        assertThat(pasted.refusal()).contains("without the trigger");
        assertThat(model.definition().nodesOrEmpty()).extracting(Node::id).containsExactly("manual", "request", "noop", "request2", "noop2");
        assertThat(model.node("noop2").paramsOrEmpty().get("note")).isEqualTo("{{steps.request2.output.body}} and {{trigger.x}}");
        assertThat(model.node("request2").position()).isEqualTo(new WorkflowDefinition.Position(340, 60));
        assertThat(model.definition().edgesOrEmpty()).contains(new Edge("request2", "noop2", null, null));
        assertThat(model.paste(model.copy(List.of("manual"))).refusal()).contains("one trigger");
    }

    @Test
    void addAfterConnectsFromTheSelectedStepAsOneUndoableChange() {
        var model = model(empty());
        model.add("trigger.manual", 0, 0);
        var added = model.addAfter("http.request", "manual");
        assertThat(added.nodeId()).isEqualTo("request");
        assertThat(model.node("request").position()).isEqualTo(new WorkflowDefinition.Position(280, 0));
        assertThat(model.definition().edgesOrEmpty()).containsExactly(new Edge("manual", "request", null, null));
        model.undo();
        assertThat(model.definition().nodesOrEmpty()).extracting(Node::id).containsExactly("manual");
    }

    @Test
    void problemsAreComputedOncePerRevision() {
        var model = model(empty());
        model.add("http.request", 0, 0);
        model.problems();
        model.problems();
        model.graph(false);
        assertThat(validated).hasSize(1);
        assertThat(model.problemsOf("request")).containsExactly("'url' is required");
        model.update("request", n -> StepPanel.withParam(n, "url", "https://example.com"));
        assertThat(model.problemsOf("request")).isEmpty();
        assertThat(validated).hasSize(2);
    }

    @Test
    void freshIdsAreValidNodeIds() {
        assertThat(DraftModel.freshId("postMessage", java.util.Set.of())).isEqualTo("postMessage");
        assertThat(DraftModel.freshId("request2", java.util.Set.of("request"))).isEqualTo("request2");
        assertThat(DraftModel.freshId("9lives", java.util.Set.of())).isEqualTo("step9lives");
        assertThat(DraftModel.freshId("a b/c", java.util.Set.of("abc"))).isEqualTo("abc2");
    }

    @Test
    void pastedReferencesAreRenamedInOnePassNeverChained() {
        var model = model(empty());
        model.add("trigger.manual", 0, 0);
        model.add("http.request", 300, 0);
        model.add("http.request", 600, 0);
        model.update("request2", n -> n.withParams(Map.of("url", "{{steps.request.output.body}}/{{steps.request-x.output}}")));
        model.connect("manual", "out", "request");
        model.connect("request", "out", "request2");

        model.paste(model.copy(List.of("request", "request2")));
        // request → request3 and request2 → request4: the copy of request2 refers to the copy of request, not to itself
        assertThat(model.node("request4").paramsOrEmpty().get("url")).isEqualTo("{{steps.request3.output.body}}/{{steps.request-x.output}}");
    }

    @Test
    void edgesWrittenThroughTheApiAreDrawnEvenWithoutAMatchingHandle() {
        var definition = new WorkflowDefinition("Api", null, List.of(new Node("t", "trigger.manual", null, null, null, null, null, null),
                new Node("check", "core.condition", null, Map.of("condition", "{{trigger.ok}}"), null, null, null, null),
                new Node("next", "core.noop", null, null, null, null, null, null)),
                List.of(new Edge("t", "check", null, null), new Edge("check", "next", "{{eq trigger.kind \"vip\"}}", null)));
        var edge = model(definition).graph(false).edges().stream().filter(e -> e.source().equals("check")).findFirst().orElseThrow();
        assertThat(edge.sourceHandle()).isEqualTo("true");
        assertThat(edge.label()).startsWith("if ");
    }

    @Test
    void aWorkflowHasAtMostFiveHundredSteps() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < io.flowmeter.workflow.service.DefinitionValidator.MAX_NODES; i++) {
            nodes.add(new Node("n" + i, "core.noop", null, null, null, null, null, null));
        }
        var model = model(new WorkflowDefinition("Full", null, nodes, List.of()));
        assertThat(model.add("core.noop", 0, 0).refusal()).contains("at most 500 steps");
        assertThat(model.paste(model.copy(List.of("n1"))).refusal()).contains("at most 500 steps");
    }
}
