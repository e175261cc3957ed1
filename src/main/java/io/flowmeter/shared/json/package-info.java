/**
 * Strict JSON for everything that arrives from outside (REST bodies, webhook bodies): one malformed, oversized or
 * unstorable document is refused with a 400 before anything is stored, instead of failing later in PostgreSQL or
 * when the stored value is written back.
 */
@NullMarked
package io.flowmeter.shared.json;

import org.jspecify.annotations.NullMarked;
