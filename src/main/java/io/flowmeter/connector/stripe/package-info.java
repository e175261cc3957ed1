/**
 * The {@code stripe} connector: retrieves customers and payment intents with a secret-key connection. Stripe's
 * webhooks arrive through a webhook trigger with the {@code stripe} signature scheme.
 */
@NullMarked
package io.flowmeter.connector.stripe;

import org.jspecify.annotations.NullMarked;
