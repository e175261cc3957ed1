/**
 * Use cases of accounts and members: self-service sign-up, the current tenant's members and the invitations that
 * add new ones (a tenant always keeps at least one owner), tenant API keys (shown once, stored as a SHA-256 hash
 * with a display prefix), the password and email-address rules, and invite mail over SMTP when it is configured.
 */
@NullMarked
package io.flowmeter.identity.service;

import org.jspecify.annotations.NullMarked;
