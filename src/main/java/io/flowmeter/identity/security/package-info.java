/**
 * Spring Security for both ways in: the Vaadin app (form sign-in with a per-address lockout, optional OIDC
 * single sign-on, signing the session in after sign-up, an accepted invite or a tenant switch) and the stateless
 * REST API under {@code /api/v1/**}, authenticated by tenant API keys. Decides which tenant a person lands in
 * and binds every request to its tenant, re-checking that the person may still work there. An unknown email and
 * a wrong password fail alike, so nobody learns which emails have accounts.
 */
@NullMarked
package io.flowmeter.identity.security;

import org.jspecify.annotations.NullMarked;
