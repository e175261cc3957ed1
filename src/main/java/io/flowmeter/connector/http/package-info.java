/**
 * The {@code http} connector's request action, and {@link io.flowmeter.connector.http.JsonApi}, which every
 * connector that calls a JSON API uses: timeouts, answers of at most 5 MB, and failures the engine understands
 * (network errors, 429 honouring {@code Retry-After} and 5xx are retryable; 401 means unauthorized, so an OAuth2
 * token is refreshed once; other 4xx fail at once). Every HTTP request step carries the step attempt's {@code
 * Idempotency-Key}.
 */
@NullMarked
package io.flowmeter.connector.http;

import org.jspecify.annotations.NullMarked;
