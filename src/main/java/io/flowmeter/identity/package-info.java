/**
 * People and how they prove who they are: user accounts, their memberships and roles in tenants,
 * invitations, sign-in (form, optional OIDC single sign-on, login throttling) and tenant API keys for the
 * REST API.
 */
@NullMarked
package io.flowmeter.identity;

import org.jspecify.annotations.NullMarked;
