package io.flowmeter.engine.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flowmeter.template.Templates;
import io.flowmeter.workflow.domain.Graph;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.service.WorkflowService;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Published definitions as the engine runs them, parsed once per version: a version never changes, and every step
 * job needs its graph, so parsing it (and finding what each node's templates read) on each job would cost more than
 * most steps.
 */
@Component
class DefinitionCache {

    /**
     * A published definition with its graph, the steps each node's templates read, and the loop each node belongs
     * to (nodes outside every loop's body are absent).
     */
    record Loaded(WorkflowDefinition definition, Graph graph, Map<String, Set<String>> reads, Map<String, String> scopes) {
        Node node(String nodeId) {
            return definition.node(nodeId).orElseThrow(() -> new IllegalStateException("No node " + nodeId));
        }

        /** The nodes a run has rows for: the whole graph outside loops, or (for a loop item's run) that loop's body. */
        boolean inScope(String nodeId, @Nullable String scope) {
            return Objects.equals(scopes.get(nodeId), scope);
        }
    }

    private final WorkflowService workflows;
    private final Cache<UUID, Loaded> definitions = Caffeine.newBuilder().maximumSize(2_000).build();

    DefinitionCache(WorkflowService workflows) {
        this.workflows = workflows;
    }

    Loaded load(UUID versionId) {
        Loaded loaded = definitions.getIfPresent(versionId);
        if (loaded != null) {
            return loaded;
        }
        WorkflowVersion version = workflows.version(versionId).orElseThrow(() -> new IllegalStateException("Version " + versionId + " is gone"));
        return load(version);
    }

    Loaded load(WorkflowVersion version) {
        return definitions.get(version.getId(), id -> {
            WorkflowDefinition definition = workflows.definitionOf(version);
            Map<String, Set<String>> reads = new HashMap<>();
            for (Node node : definition.nodesOrEmpty()) {
                Set<String> ids = new HashSet<>();
                collectReads(node.paramsOrEmpty(), ids);
                reads.put(node.id(), ids);
            }
            Graph graph = new Graph(definition);
            return new Loaded(definition, graph, reads, graph.scopes());
        });
    }

    private static void collectReads(@Nullable Object value, Set<String> ids) {
        if (value instanceof String text) {
            ids.addAll(Templates.referencedSteps(text));
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                collectReads(String.valueOf(k), ids);
                collectReads(v, ids);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collectReads(v, ids));
        }
    }
}
