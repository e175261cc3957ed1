/**
 * Webhook triggers: each workflow's unguessable {@code /hooks/{token}} address and what a request to it must
 * pass (a published webhook trigger, an allowed method, the rate limits, the sender's signature scheme, no
 * replayed delivery, well-formed and storable input). An accepted delivery is committed to an inbox by the
 * group-commit intake before it is answered 2xx, and the inbox drainer turns each row into exactly one run; a
 * request in "wait" mode waits for the chosen step's output instead.
 */
@NullMarked
package io.flowmeter.trigger.webhook;

import org.jspecify.annotations.NullMarked;
