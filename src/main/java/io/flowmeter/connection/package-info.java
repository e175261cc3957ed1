/**
 * Connections: a tenant's accounts at third-party services and the credentials steps use. This issue
 * defines only the lookups the workflow validator and the engine need; the connections hub (OAuth2 connect
 * flow, refresh, Vault-backed secrets) fills them in.
 */
@NullMarked
package io.flowmeter.connection;

import org.jspecify.annotations.NullMarked;
