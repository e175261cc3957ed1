/**
 * Webhook triggers: each workflow's unguessable address, what a request must pass (signature, replay, limits,
 * well-formed and storable input), and how accepted deliveries become runs durably and fast (the group-commit intake
 * and the inbox drainer).
 */
@NullMarked
package io.flowmeter.trigger.webhook;

import org.jspecify.annotations.NullMarked;
