package io.flowmeter.workflow.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.flowmeter.shared.ValidationFailedException;
import io.flowmeter.shared.ValidationFailedException.Violation;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An n8n workflow file read for import: its nodes (sticky notes left out) and its connections, checked for the shape
 * every n8n export has. Anything else is refused with what is wrong, never guessed at.
 */
record N8nFile(@Nullable String name, List<Node> nodes, List<Connection> connections, List<String> stickyNotes) {

    static final int MAX_NODES = 500;
    static final String STICKY_NOTE = "n8n-nodes-base.stickyNote";

    /** One n8n node as exported. */
    record Node(String name, String type, double typeVersion, double x, double y, JsonNode parameters, JsonNode credentials,
                boolean disabled, @Nullable String onError, boolean continueOnFail, boolean retryOnFail, @Nullable Integer maxTries,
                @Nullable Integer waitBetweenTries) {

        /** The node type without its package: {@code httpRequest} for {@code n8n-nodes-base.httpRequest}. */
        String shortType() {
            int dot = type.lastIndexOf('.');
            return dot < 0 ? type : type.substring(dot + 1);
        }

        boolean isBase() {
            return type.startsWith("n8n-nodes-base.");
        }

        JsonNode param(String name) {
            JsonNode value = parameters.get(name);
            return value == null ? NullNode.getInstance() : value;
        }

        @Nullable String text(String name) {
            JsonNode value = parameters.get(name);
            return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : null;
        }

        String text(String name, String otherwise) {
            String value = text(name);
            return value == null ? otherwise : value;
        }

        /** True for a main output that is the error output ({@code onError: continueErrorOutput}). */
        boolean hasErrorOutput() {
            return "continueErrorOutput".equals(onError);
        }
    }

    /** One wire: output {@code output} of {@code from} into input {@code input} of {@code to}; {@code type} main or an AI link. */
    record Connection(String from, int output, String to, int input, String type) {
    }

    static N8nFile read(JsonNode root) {
        List<Violation> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw refused("An n8n workflow is a JSON object with nodes and connections");
        }
        JsonNode nodes = root.get("nodes");
        if (nodes == null || !nodes.isArray()) {
            throw refused("An n8n workflow has a \"nodes\" array");
        }
        if (nodes.size() > MAX_NODES) {
            throw refused("At most " + MAX_NODES + " nodes can be imported; this workflow has " + nodes.size());
        }
        JsonNode wires = root.get("connections");
        if (wires != null && !wires.isNull() && !wires.isObject()) {
            throw refused("An n8n workflow's \"connections\" is an object keyed by node name");
        }
        List<Node> read = new ArrayList<>();
        List<String> stickies = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            String where = "nodes[" + i + "]";
            if (!n.isObject()) {
                problems.add(new Violation(null, where, "A node is an object"));
                continue;
            }
            String name = n.path("name").isTextual() ? n.get("name").asText() : null;
            String type = n.path("type").isTextual() ? n.get("type").asText() : null;
            if (name == null || name.isBlank()) {
                problems.add(new Violation(null, where + ".name", "A node has a name"));
                continue;
            }
            if (name.length() > 200 || name.indexOf('\0') >= 0) {
                problems.add(new Violation(null, where + ".name", "A node's name has at most 200 characters and no NUL"));
                continue;
            }
            if (type == null || type.isBlank()) {
                problems.add(new Violation(null, where + ".type", "Node '" + name + "' has no type"));
                continue;
            }
            if (!names.add(name)) {
                problems.add(new Violation(null, where + ".name", "Two nodes are named '" + name + "'"));
                continue;
            }
            if (type.equals(STICKY_NOTE)) {
                stickies.add(name);
                continue;
            }
            JsonNode position = n.path("position");
            double x = position.isArray() && position.size() == 2 ? position.get(0).asDouble() : 0;
            double y = position.isArray() && position.size() == 2 ? position.get(1).asDouble() : 0;
            JsonNode parameters = n.path("parameters").isObject() ? n.get("parameters") : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            read.add(new Node(name, type, n.path("typeVersion").isNumber() ? n.get("typeVersion").asDouble() : 1, finite(x), finite(y), parameters,
                    n.path("credentials").isObject() ? n.get("credentials") : NullNode.getInstance(), n.path("disabled").asBoolean(false),
                    n.path("onError").isTextual() ? n.get("onError").asText() : null, n.path("continueOnFail").asBoolean(false),
                    n.path("retryOnFail").asBoolean(false), n.path("maxTries").isNumber() ? n.get("maxTries").asInt() : null,
                    n.path("waitBetweenTries").isNumber() ? n.get("waitBetweenTries").asInt() : null));
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException("This is not an n8n workflow that can be imported", problems);
        }
        List<Connection> connections = new ArrayList<>();
        if (wires != null && wires.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = wires.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> source = it.next();
                if (!source.getValue().isObject()) {
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> kinds = source.getValue().fields(); kinds.hasNext(); ) {
                    Map.Entry<String, JsonNode> kind = kinds.next();
                    JsonNode outputs = kind.getValue();
                    if (!outputs.isArray()) {
                        continue;
                    }
                    for (int output = 0; output < outputs.size(); output++) {
                        JsonNode slot = outputs.get(output);
                        if (slot == null || !slot.isArray()) {
                            continue; // an empty (null) output slot
                        }
                        for (JsonNode target : slot) {
                            if (target.path("node").isTextual()) {
                                connections.add(new Connection(source.getKey(), output, target.get("node").asText(), target.path("index").asInt(0),
                                        target.path("type").isTextual() ? target.get("type").asText() : kind.getKey()));
                            }
                        }
                    }
                }
            }
        }
        String name = root.path("name").isTextual() ? root.get("name").asText().strip() : null;
        return new N8nFile(name == null || name.isEmpty() ? null : name, read, connections, stickies);
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? Math.max(-1e7, Math.min(1e7, value)) : 0;
    }

    private static ValidationFailedException refused(String message) {
        return new ValidationFailedException(message, List.of(new Violation(null, null, message)));
    }
}
