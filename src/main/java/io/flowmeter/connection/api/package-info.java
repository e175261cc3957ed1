/**
 * Connections over REST, and the callback OAuth2 providers send people back to after they grant or refuse
 * access. Secret values go in once and never come back out.
 */
@NullMarked
package io.flowmeter.connection.api;

import org.jspecify.annotations.NullMarked;
