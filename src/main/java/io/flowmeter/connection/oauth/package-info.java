/**
 * The OAuth2 side of connections: the OAuth apps they sign in with (the platform's, from configuration, or a
 * tenant's own), the authorization-code flow with PKCE, whose single-use {@code state} is bound to the tenant
 * and the browser session, and keeping access tokens fresh. Refreshing is single-flight per connection across
 * threads and nodes, so a rotated refresh token is never spent twice; tokens live in the secret store and
 * nowhere else. The protocol itself is Spring Security's.
 */
@NullMarked
package io.flowmeter.connection.oauth;

import org.jspecify.annotations.NullMarked;
