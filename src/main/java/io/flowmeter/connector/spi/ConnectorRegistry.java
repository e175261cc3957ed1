package io.flowmeter.connector.spi;

import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every connector bean, by key; resolves step types ({@code connector.action}). */
@Component
public class ConnectorRegistry {

    /** A connector and one of its actions. */
    public record Resolved(Connector connector, ActionDefinition action) {
        public String type() {
            return connector.key() + "." + action.key();
        }
    }

    private final Map<String, Connector> connectors = new LinkedHashMap<>();
    /**
     * Resolved types: a connector's actions are fixed for its lifetime, and building their definitions for every step
     * cost more than many steps' work. Unknown types are not remembered (the map stays as small as the catalog).
     */
    private final Map<String, Resolved> resolved = new java.util.concurrent.ConcurrentHashMap<>();

    public ConnectorRegistry(List<Connector> connectors) {
        connectors.stream().sorted(Comparator.comparing(Connector::key)).forEach(c -> {
            if (this.connectors.put(c.key(), c) != null) {
                throw new IllegalStateException("Two connectors share the key " + c.key());
            }
        });
    }

    public Optional<Resolved> resolve(String type) {
        Resolved known = type == null ? null : resolved.get(type);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Resolved> found = lookUp(type);
        found.ifPresent(r -> resolved.put(type, r));
        return found;
    }

    private Optional<Resolved> lookUp(String type) {
        int dot = type == null ? -1 : type.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        Connector connector = connectors.get(type.substring(0, dot));
        String action = type.substring(dot + 1);
        return connector == null ? Optional.empty() : connector.actions().stream()
                .filter(a -> a.key().equals(action)).findFirst().map(a -> new Resolved(connector, a));
    }

    /** A connector and one of the things it can watch. */
    public record ResolvedPoller(Connector connector, PollDefinition poller) {
    }

    /** {@code <connector>.<poller>}, e.g. {@code github.newIssues}. */
    public Optional<ResolvedPoller> resolvePoller(String source) {
        int dot = source == null ? -1 : source.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        Connector connector = connectors.get(source.substring(0, dot));
        String key = source.substring(dot + 1);
        return connector == null ? Optional.empty() : connector.pollers().stream()
                .filter(p -> p.key().equals(key)).findFirst().map(p -> new ResolvedPoller(connector, p));
    }

    public List<Connector> all() {
        return List.copyOf(connectors.values());
    }
}
