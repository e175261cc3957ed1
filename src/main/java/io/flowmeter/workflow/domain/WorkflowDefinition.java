package io.flowmeter.workflow.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A workflow as JSON: {@code {"name", "nodes": [...], "edges": [...], "businessKey"}}. The REST API, export and
 * import use this shape; a published version stores it unchanged. {@code businessKey} is a template over the
 * trigger's data (e.g. {@code {{trigger.body.orderId}}}) rendered when a run starts, so runs can be found by it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowDefinition(@Nullable String name, @Nullable String description, @Nullable List<Node> nodes,
                                 @Nullable List<Edge> edges, @Nullable String businessKey) {

    public WorkflowDefinition(@Nullable String name, @Nullable String description, @Nullable List<Node> nodes,
                              @Nullable List<Edge> edges) {
        this(name, description, nodes, edges, null);
    }

    /**
     * A step. {@code type} is {@code <connector>.<action>}; {@code params} values may be templates; {@code position}
     * is where the builder draws it (the engine ignores it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(@Nullable String id, @Nullable String type, @Nullable String name, @Nullable Map<String, Object> params,
                       @Nullable UUID connection, @Nullable RetryPolicy retry, @Nullable Long timeoutMs,
                       @Nullable Map<String, Object> value, @Nullable Position position) {

        public Node(@Nullable String id, @Nullable String type, @Nullable String name, @Nullable Map<String, Object> params,
                    @Nullable UUID connection, @Nullable RetryPolicy retry, @Nullable Long timeoutMs, @Nullable Map<String, Object> value) {
            this(id, type, name, params, connection, retry, timeoutMs, value, null);
        }

        public Node withId(String newId) {
            return new Node(newId, type, name, params, connection, retry, timeoutMs, value, position);
        }

        public Node withName(@Nullable String newName) {
            return new Node(id, type, newName, params, connection, retry, timeoutMs, value, position);
        }

        public Node withParams(@Nullable Map<String, Object> newParams) {
            return new Node(id, type, name, newParams == null || newParams.isEmpty() ? null : newParams, connection, retry, timeoutMs, value, position);
        }

        public Node withConnection(@Nullable UUID newConnection) {
            return new Node(id, type, name, params, newConnection, retry, timeoutMs, value, position);
        }

        public Node withRetry(@Nullable RetryPolicy newRetry) {
            return new Node(id, type, name, params, connection, newRetry, timeoutMs, value, position);
        }

        public Node withTimeoutMs(@Nullable Long newTimeout) {
            return new Node(id, type, name, params, connection, retry, newTimeout, value, position);
        }

        /** The node with other value settings; none (null) when {@code newValue} is empty. */
        public Node withValue(@Nullable Map<String, Object> newValue) {
            return new Node(id, type, name, params, connection, retry, timeoutMs, newValue == null || newValue.isEmpty() ? null : newValue, position);
        }

        public Node withPosition(@Nullable Position newPosition) {
            return new Node(id, type, name, params, connection, retry, timeoutMs, value, newPosition);
        }

        public Map<String, Object> paramsOrEmpty() {
            return params == null ? Map.of() : params;
        }

        public boolean isTrigger() {
            return type != null && type.startsWith("trigger.");
        }
    }

    /**
     * A dependency: {@code to} runs after {@code from} settles. {@code when} chooses which outcome of
     * {@code from} activates the edge ({@code success}, the default; {@code failure}, a failure path;
     * {@code always}; or {@code each}, from a loop into its body, which runs once per item); {@code condition}, a
     * template rendering to true/false, must also hold.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Edge(@Nullable String from, @Nullable String to, @Nullable String condition, @Nullable String when) {

        public When whenOrDefault() {
            return when == null ? When.SUCCESS : When.parse(when).orElse(When.SUCCESS);
        }
    }

    /** Where the builder draws a node, in canvas coordinates. */
    public record Position(double x, double y) {
    }

    public enum When {
        SUCCESS, FAILURE, ALWAYS, EACH;

        public static Optional<When> parse(String value) {
            for (When w : values()) {
                if (w.name().equalsIgnoreCase(value)) {
                    return Optional.of(w);
                }
            }
            return Optional.empty();
        }
    }

    public WorkflowDefinition withNodesAndEdges(List<Node> newNodes, List<Edge> newEdges) {
        return new WorkflowDefinition(name, description, List.copyOf(newNodes), List.copyOf(newEdges), businessKey);
    }

    public WorkflowDefinition withName(@Nullable String newName, @Nullable String newDescription) {
        return new WorkflowDefinition(newName, newDescription, nodes, edges, businessKey);
    }

    public WorkflowDefinition withBusinessKey(@Nullable String newKey) {
        return new WorkflowDefinition(name, description, nodes, edges, newKey == null || newKey.isBlank() ? null : newKey.strip());
    }

    public List<Node> nodesOrEmpty() {
        return nodes == null ? List.of() : nodes;
    }

    public List<Edge> edgesOrEmpty() {
        return edges == null ? List.of() : edges;
    }

    public Optional<Node> node(String id) {
        return nodesOrEmpty().stream().filter(n -> id.equals(n.id())).findFirst();
    }

    public Optional<Node> trigger() {
        return nodesOrEmpty().stream().filter(Node::isTrigger).findFirst();
    }
}
