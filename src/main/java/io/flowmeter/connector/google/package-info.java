/**
 * The {@code google} connector, with an OAuth2 connection: Sheets (append, read and update rows, and a "new row"
 * poll) through the Sheets API v4, and sending mail through the Gmail API.
 */
@NullMarked
package io.flowmeter.connector.google;

import org.jspecify.annotations.NullMarked;
