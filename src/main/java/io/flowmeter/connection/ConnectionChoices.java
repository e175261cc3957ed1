package io.flowmeter.connection;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What the builder's connection picker needs: the current tenant's connections a step of a connector can use, and
 * the connections hub's "New connection" dialog opened in place (so nobody ever pastes an id).
 */
public interface ConnectionChoices {

    /** A connection as the picker lists it; {@code status} is e.g. CONNECTED or NEEDS_RECONNECT. */
    record Choice(UUID id, String name, String connector, String status) {
    }

    /** Connections for steps of {@code connectorKey}; the HTTP connector may use any of them. */
    List<Choice> usableBy(String connectorKey);

    /**
     * Opens the "New connection" dialog with {@code connectorKey}'s service chosen; {@code created} gets the new
     * connection's id. An OAuth2 service leaves the page for the provider and comes back to the connections hub.
     */
    void openNewConnectionDialog(@Nullable String connectorKey, Consumer<UUID> created);
}
