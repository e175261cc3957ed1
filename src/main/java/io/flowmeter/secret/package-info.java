/**
 * Per-tenant secrets behind one {@link io.flowmeter.secret.SecretStore} interface: a local store with envelope
 * encryption in PostgreSQL (the embedded default) and, later, HashiCorp Vault / OpenBao. Values never leave
 * this module except to the step that uses them.
 */
@NullMarked
package io.flowmeter.secret;

import org.jspecify.annotations.NullMarked;
