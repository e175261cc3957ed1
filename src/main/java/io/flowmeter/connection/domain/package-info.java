/**
 * Connections as stored: a tenant's account at a service, how it authenticates (and the secret fields each kind
 * needs) and its status. The secret values are not here: they live in the secret store under the connection's
 * id.
 */
@NullMarked
package io.flowmeter.connection.domain;

import org.jspecify.annotations.NullMarked;
