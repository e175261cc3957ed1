/**
 * Connections: a tenant's accounts at third-party services and the credentials steps use. {@link
 * io.flowmeter.connection.Connections} is what the workflow validator, the engine and triggers ask of it; below
 * it, the hub's OAuth2 connect flow, token refresh, tests and rate limits.
 */
@NullMarked
package io.flowmeter.connection;

import org.jspecify.annotations.NullMarked;
