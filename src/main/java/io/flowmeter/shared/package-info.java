/**
 * The few types every module shares: the exceptions that carry a user-facing reason for refusing input,
 * which the REST layer turns into 4xx problem details and views into field errors, and the one answer (503 with
 * {@code Retry-After}) to a database that cannot be reached.
 */
@NullMarked
package io.flowmeter.shared;

import org.jspecify.annotations.NullMarked;
