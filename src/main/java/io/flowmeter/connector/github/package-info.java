/**
 * The {@code github} connector: creates issues and comments on them through GitHub's REST API, and polls for new
 * issues, with an OAuth2 or personal-token connection.
 */
@NullMarked
package io.flowmeter.connector.github;

import org.jspecify.annotations.NullMarked;
