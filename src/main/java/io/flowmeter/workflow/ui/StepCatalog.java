package io.flowmeter.workflow.ui;

import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.ConnectorRegistry;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every step type the builder offers, from the connectors' own metadata (name, icon, description, actions), so
 * the palette and the canvas need nothing written per connector.
 */
@Component
public class StepCatalog {

    /** One step type: {@code <connector>.<action>}. */
    public record StepType(String type, String connectorKey, String connectorName, String connectorDescription, String icon,
                           ActionDefinition action) {

        public boolean trigger() {
            return type.startsWith("trigger.");
        }

        boolean matches(String query) {
            String q = query.strip().toLowerCase(Locale.ROOT);
            return q.isEmpty() || (connectorName + " " + action.name() + " " + action.description() + " " + type)
                    .toLowerCase(Locale.ROOT).contains(q);
        }
    }

    /** A connector and its matching step types, as the palette groups them. */
    public record Group(String connectorName, String description, String icon, List<StepType> types) {
    }

    private final List<StepType> types;

    @org.springframework.beans.factory.annotation.Autowired
    public StepCatalog(ConnectorRegistry connectors) {
        this(connectors.all());
    }

    StepCatalog(List<Connector> connectors) {
        // triggers first (a workflow starts with one), then the rest by name
        this.types = connectors.stream()
                .sorted(java.util.Comparator.comparing((Connector c) -> !c.key().equals("trigger")).thenComparing(Connector::displayName))
                .flatMap(c -> c.actions().stream().map(a -> new StepType(c.key() + "." + a.key(), c.key(), c.displayName(),
                        c.description(), c.icon(), a)))
                .toList();
    }

    public Optional<StepType> find(String type) {
        return types.stream().filter(t -> t.type().equals(type)).findFirst();
    }

    public List<Group> search(String query) {
        var groups = new java.util.LinkedHashMap<String, List<StepType>>();
        types.stream().filter(t -> t.matches(query)).forEach(t -> groups.computeIfAbsent(t.connectorKey(), k -> new java.util.ArrayList<>()).add(t));
        return groups.values().stream().map(list -> new Group(list.get(0).connectorName(), list.get(0).connectorDescription(),
                list.get(0).icon(), List.copyOf(list))).toList();
    }
}
