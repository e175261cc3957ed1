package io.flowmeter.connection;

import io.flowmeter.connector.spi.Credentials;

import java.util.Optional;
import java.util.UUID;

/**
 * What the rest of Flowmeter asks of connections. Implementations work in the current tenant scope, so a
 * connection of another tenant is simply not found.
 */
public interface Connections {

    boolean exists(UUID connectionId);

    /** The connection's secret values, for one step about to run; empty when it does not exist (here). */
    Optional<Credentials> credentials(UUID connectionId);
}
