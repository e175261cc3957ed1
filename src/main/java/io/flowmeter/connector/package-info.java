/**
 * Connectors: the self-describing units that steps run. {@code spi} is the contract (a connector declares
 * its key, actions and typed parameters, and executes an action with rendered parameters, credentials, an
 * idempotency key and a logger); built-in connectors live one folder each ({@code core}, {@code http}, {@code slack},
 * {@code google}, ...), so adding a connector touches one folder; {@code http} also holds the egress policy that
 * every call to a tenant-controlled address goes through. The engine knows connectors only through {@link
 * io.flowmeter.connector.spi.ConnectorRegistry}.
 */
@NullMarked
package io.flowmeter.connector;

import org.jspecify.annotations.NullMarked;
