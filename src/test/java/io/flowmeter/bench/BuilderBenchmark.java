package io.flowmeter.bench;

import com.github.mvysny.kaributesting.v10.ElementUtilsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.dom.DomEvent;
import com.vaadin.flow.router.RouteParameters;
import elemental.json.Json;
import elemental.json.JsonObject;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Edge;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import io.flowmeter.workflow.domain.WorkflowDefinition.Position;
import io.flowmeter.workflow.service.WorkflowService;
import io.flowmeter.workflow.ui.FlowCanvas;
import io.flowmeter.workflow.ui.WorkflowBuilderView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;

/**
 * The builder benchmark (not part of the test gate; {@code bench/builder.sh}): server time to open a 100-step
 * workflow in the builder (load, validate every step, build and serialize the canvas state), and server time per
 * drag of a step on it (the move intent: apply, re-validate, redraw). Prints percentiles and the machine.
 */
class BuilderBenchmark extends KaribuTest {

    static final int STEPS = 100;
    static final int WARM_UP = 10;
    static final int ROUNDS = 50;

    @Autowired WorkflowService workflows;

    @Test
    void openAndDragAHundredStepWorkflow() throws Exception {
        var owner = data.newTenant("builder-bench");
        signIn(owner.authentication());
        UUID id = workflows.create(hundredSteps()).getId();

        List<Long> opens = new ArrayList<>();
        for (int i = 0; i < WARM_UP + ROUNDS; i++) {
            UI.getCurrent().navigate("workflows");
            long started = System.nanoTime();
            UI.getCurrent().navigate(WorkflowBuilderView.class, new RouteParameters("id", id.toString()));
            long took = System.nanoTime() - started;
            if (i >= WARM_UP) {
                opens.add(took);
            }
        }
        FlowCanvas canvas = _get(FlowCanvas.class);
        List<Long> moves = new ArrayList<>();
        for (int i = 0; i < WARM_UP + ROUNDS; i++) {
            JsonObject detail = Json.parse("{\"moves\": [{\"id\": \"s" + (i % STEPS) + "\", \"x\": " + (1000 + i) + ", \"y\": " + (i * 3) + "}]}");
            JsonObject data = Json.createObject();
            data.put("event.detail", detail);
            long started = System.nanoTime();
            ElementUtilsKt._fireDomEvent(canvas.getElement(), new DomEvent(canvas.getElement(), "fm-nodes-moved", data));
            long took = System.nanoTime() - started;
            if (i >= WARM_UP) {
                moves.add(took);
            }
        }
        String report = "Builder benchmark (" + STEPS + " steps: HTTP requests with templates, conditions, transforms)\n"
                + String.format("  open in the builder (server time)   p50 %.1f ms  p95 %.1f ms  max %.1f ms  (%d rounds)%n",
                BenchmarkSupport.ms(BenchmarkSupport.pct(opens, 50)), BenchmarkSupport.ms(BenchmarkSupport.pct(opens, 95)), BenchmarkSupport.ms(BenchmarkSupport.pct(opens, 100)), ROUNDS)
                + String.format("  drag one step (server time)          p50 %.1f ms  p95 %.1f ms  max %.1f ms  (%d rounds)%n",
                BenchmarkSupport.ms(BenchmarkSupport.pct(moves, 50)), BenchmarkSupport.ms(BenchmarkSupport.pct(moves, 95)), BenchmarkSupport.ms(BenchmarkSupport.pct(moves, 100)), ROUNDS)
                + Machine.describe() + "\n";
        System.out.print(report);
        Files.writeString(Path.of("target", "builder-benchmark.txt"), report);
    }

    /** A 100-step graph: a webhook trigger and a chain of HTTP requests with templates, conditions and transforms. */
    static WorkflowDefinition hundredSteps() {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        nodes.add(new Node("start", "trigger.webhook", "Order received", null, null, null, null, null, new Position(0, 0)));
        String previous = "start";
        for (int i = 0; i < STEPS - 1; i++) {
            String id = "s" + i;
            Node node = switch (i % 10) {
                case 3 -> new Node(id, "core.condition", "Check " + i, Map.of("condition", "{{eq trigger.body.kind \"vip\"}}"),
                        null, null, null, null, new Position(280.0 * (i / 4 + 1), 140.0 * (i % 4)));
                case 7 -> new Node(id, "core.transform", "Shape " + i, Map.of("value", Map.of("order", "{{trigger.body.orderId}}",
                        "step", "{{steps." + previous + ".output.status}}")), null, null, null, null, new Position(280.0 * (i / 4 + 1), 140.0 * (i % 4)));
                default -> new Node(id, "http.request", "Call " + i, Map.of("method", "POST", "url",
                        "https://api.example.com/orders/{{trigger.body.orderId}}/events/" + i, "body", Map.of("previous",
                                "{{steps." + previous + ".output.body}}")), null, null, null, null, new Position(280.0 * (i / 4 + 1), 140.0 * (i % 4)));
            };
            nodes.add(node);
            boolean afterCondition = nodes.size() > 2 && "core.condition".equals(nodes.get(nodes.size() - 2).type());
            edges.add(new Edge(previous, id, afterCondition ? "{{steps." + previous + ".output.result}}" : null, null));
            previous = id;
        }
        return new WorkflowDefinition("Hundred steps", null, nodes, edges);
    }

}
