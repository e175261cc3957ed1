/**
 * The connector contract, and all the engine knows of connectors: a connector declares its key, its actions and
 * polls with typed parameters (and, per action, its outputs, a sample output, the connection kinds it accepts, an
 * example and help), and executes an action with rendered parameters, credentials, an idempotency key
 * and a step context; the {@link io.flowmeter.connector.spi.ConnectorRegistry} finds the connector beans and
 * resolves step types ({@code connector.action}). Also what every connector shares: failures that are retryable
 * or not, typed parameter reading, and the redactor that removes the secret values a step used from what it
 * produced before anything is stored, logged or shown.
 */
@NullMarked
package io.flowmeter.connector.spi;

import org.jspecify.annotations.NullMarked;
