/**
 * The {@code util} connector: small data helpers (JSON, dates, text, arithmetic, list filter and map), all quick
 * and pure, and the loop, whose body runs once per item as runs of their own. Bad input fails the step at once.
 */
@NullMarked
package io.flowmeter.connector.util;

import org.jspecify.annotations.NullMarked;
