package io.flowmeter.workflow.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowmeter.shared.ValidationFailedException;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the file, the importer either refuses it with a validation problem (a 422) or makes a draft in which every
 * n8n node but sticky notes is a node with the same name: 3,000 random mutations of the two test exports (values of
 * every JSON kind in any parameter, fields removed, wires to nodes that do not exist, odd versions and types).
 */
class N8nImportPropertyTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    final N8nImporter importer = new N8nImporter(JSON);
    final Random random = new Random(20261201);

    @Test
    void noInputFailsTheImportOtherwiseThanWithAProblemOrDropsANode() throws Exception {
        List<JsonNode> seeds = List.of(N8nImporterTest.file("orders-1x.json"), N8nImporterTest.file("digest-0x.json"));
        int refused = 0;
        for (int round = 0; round < 3000; round++) {
            JsonNode file = seeds.get(round % 2).deepCopy();
            for (int m = 0, n = 1 + random.nextInt(6); m < n; m++) {
                mutate(file);
            }
            List<String> expected = new ArrayList<>();
            file.path("nodes").forEach(node -> {
                if (!"n8n-nodes-base.stickyNote".equals(node.path("type").asText())) {
                    expected.add(node.path("name").asText());
                }
            });
            try {
                ImportResult result = importer.importWorkflow(file);
                assertThat(result.definition().nodesOrEmpty()).as("round " + round + ": " + file).extracting(WorkflowDefinition.Node::name)
                        .containsExactlyElementsOf(expected);
                // whatever was not imported is said
                for (WorkflowDefinition.Node node : result.definition().nodesOrEmpty()) {
                    if (N8nImporter.PLACEHOLDER.equals(node.type())) {
                        assertThat(result.unsupported()).as("round " + round).anyMatch(u -> u.node().equals(node.name()) && u.parameter() == null);
                    }
                }
                assertThat(result.definition().nodesOrEmpty()).extracting(WorkflowDefinition.Node::id).doesNotHaveDuplicates()
                        .allMatch(id -> id.matches("[A-Za-z][A-Za-z0-9_-]{0,63}"));
            } catch (ValidationFailedException problem) {
                refused++;
                assertThat(problem.getMessage()).isNotBlank();
            }
        }
        // most mutations leave a workflow that imports
        assertThat(refused).isLessThan(2000);
    }

    private void mutate(JsonNode file) {
        ArrayNode nodes = (ArrayNode) file.get("nodes");
        if (nodes == null || nodes.isEmpty()) {
            return;
        }
        ObjectNode node = nodes.get(random.nextInt(nodes.size())) instanceof ObjectNode o ? o : null;
        switch (random.nextInt(10)) {
            case 0 -> {
                if (node != null && node.path("parameters") instanceof ObjectNode params) {
                    List<String> keys = new ArrayList<>();
                    params.fieldNames().forEachRemaining(keys::add);
                    String key = keys.isEmpty() ? "extra" : keys.get(random.nextInt(keys.size()));
                    params.set(key, randomValue(3));
                }
            }
            case 1 -> {
                if (node != null) {
                    node.set("parameters", randomValue(3));
                }
            }
            case 2 -> {
                if (node != null) {
                    node.put("typeVersion", List.of(0.5, 1, 1.1, 2, 2.1, 3, 3.3, 4.2, 99).get(random.nextInt(9)).doubleValue());
                }
            }
            case 3 -> {
                if (node != null) {
                    List<String> keys = new ArrayList<>();
                    node.fieldNames().forEachRemaining(keys::add);
                    String key = keys.get(random.nextInt(keys.size()));
                    if (!key.equals("name") && !key.equals("type")) {
                        node.remove(key);
                    }
                }
            }
            case 4 -> {
                if (node != null) {
                    node.put("type", List.of("n8n-nodes-base.if", "n8n-nodes-base.switch", "n8n-nodes-base.set", "n8n-nodes-base.httpRequest",
                            "n8n-nodes-base.googleSheets", "n8n-nodes-base.wait", "n8n-nodes-base.webhook", "n8n-nodes-base.splitInBatches",
                            "n8n-nodes-base.slack", "n8n-nodes-base.gmail", "@n8n/n8n-nodes-langchain.agent", "x").get(random.nextInt(12)));
                }
            }
            case 5 -> {
                ObjectNode wires = file.get("connections") instanceof ObjectNode o ? o : null;
                if (wires != null) {
                    wires.set("Nowhere " + random.nextInt(3), JSON.createObjectNode().set("main", JSON.createArrayNode()
                            .add(JSON.createArrayNode().add(JSON.createObjectNode().put("node", "Ghost").put("type", "main").put("index", 0)))));
                    Iterator<String> names = wires.fieldNames();
                    if (names.hasNext()) {
                        String from = names.next();
                        wires.set(from, randomValue(3));
                    }
                }
            }
            case 6 -> {
                if (node != null && node.path("parameters") instanceof ObjectNode params) {
                    params.put("url", List.of("={{ $json.a.b }}", "={{ $('Nope').item.json.x }}", "={{ 1 + 2 }}", "={{", "}}{{", "=",
                            "={{ $node[\"Set\"].json[\"a b\"] }}", "={{ $json[\"]\"] }}").get(random.nextInt(8)));
                }
            }
            case 7 -> {
                if (node != null) {
                    node.set("position", randomValue(2));
                }
            }
            case 8 -> {
                if (node != null) {
                    node.put("onError", "continueErrorOutput");
                    node.put("retryOnFail", true);
                    node.set("maxTries", randomValue(1));
                }
            }
            default -> {
                if (node != null) {
                    node.put("disabled", random.nextBoolean());
                }
            }
        }
    }

    private JsonNode randomValue(int depth) {
        int kind = random.nextInt(depth <= 0 ? 5 : 7);
        return switch (kind) {
            case 0 -> F.nullNode();
            case 1 -> F.numberNode(random.nextInt(2) == 0 ? random.nextInt(100) - 50 : random.nextDouble() * 1e12);
            case 2 -> F.booleanNode(random.nextBoolean());
            case 3 -> F.textNode(List.of("", "=", "={{ $json.x }}", "text {{ x }}", "\u0000", "GET", "append", "timeInterval", "é🙂")
                    .get(random.nextInt(9)));
            case 4 -> F.textNode("=" + "{{ $json.a }}".repeat(random.nextInt(5)));
            case 5 -> {
                ArrayNode array = F.arrayNode();
                for (int i = 0, n = random.nextInt(4); i < n; i++) {
                    array.add(randomValue(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = F.objectNode();
                for (String key : List.of("conditions", "rules", "values", "interval", "value", "parameters", "__rl", "operation", "mode")) {
                    if (random.nextInt(3) == 0) {
                        object.set(key, randomValue(depth - 1));
                    }
                }
                yield object;
            }
        };
    }
}
