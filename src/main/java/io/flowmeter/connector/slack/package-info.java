/**
 * The {@code slack} connector: Slack's Web API (post and update messages, list channels) with an OAuth2 or
 * bot-token connection, or an incoming-webhook URL for posting. Slack reports errors with HTTP 200 and {@code
 * "ok": false}; those become step errors with Slack's code, and token errors count as 401, so an OAuth2 token is
 * refreshed once.
 */
@NullMarked
package io.flowmeter.connector.slack;

import org.jspecify.annotations.NullMarked;
