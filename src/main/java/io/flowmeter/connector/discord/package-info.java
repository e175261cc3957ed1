/**
 * The {@code discord} connector: posts a message through a channel's webhook and returns the posted message.
 */
@NullMarked
package io.flowmeter.connector.discord;

import org.jspecify.annotations.NullMarked;
