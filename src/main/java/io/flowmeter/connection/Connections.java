package io.flowmeter.connection;

import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.Credentials;

import java.util.Optional;
import java.util.UUID;

/**
 * What the rest of Flowmeter asks of connections. Implementations work in the current tenant scope, so a
 * connection of another tenant is simply not found.
 */
public interface Connections {

    boolean exists(UUID connectionId);

    /**
     * The connection's secret values, for one step about to run; empty when it does not exist (here). An OAuth2
     * token about to expire is refreshed first.
     *
     * @throws ActionException when the connection exists but cannot be used (needs reconnecting, refresh refused
     *                         — permanent — or the provider is unreachable — retryable)
     */
    Optional<Credentials> credentials(UUID connectionId) throws ActionException;

    /** After a service answered 401 to {@code rejected}: refreshed credentials to try once more. */
    Credentials refreshed(UUID connectionId, Credentials rejected) throws ActionException;

    /**
     * Takes one call from the connection's rate limit, shared by all of the tenant's workflows and nodes: empty when
     * the step may call now (or the connection has no limit), else how long it should wait.
     */
    default Optional<java.time.Duration> throttle(UUID connectionId) {
        return Optional.empty();
    }

    /** The service answered 429 through this connection: later calls wait for the budget to refill. */
    default void rateLimited(UUID connectionId) {
    }
}
