/**
 * The {@code email} connector: sends text and/or HTML mail through an SMTP connection, via Jakarta Mail. A
 * refused login or recipient fails the step at once; an unreachable server is retried.
 */
@NullMarked
package io.flowmeter.connector.email;

import org.jspecify.annotations.NullMarked;
