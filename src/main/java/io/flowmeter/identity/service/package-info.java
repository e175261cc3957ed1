/**
 * Use cases of accounts and members: self-service sign-up, the signed-in person's profile (name, password), "forgot
 * password" links (single use, expiring, stored as a SHA-256 hash, throttled per address and per source, answered the
 * same whether or not an account exists), the current tenant's members and the invitations that add new ones (a
 * tenant always keeps at least one owner), tenant API keys (shown once, stored as a SHA-256 hash with a display
 * prefix), the password and email-address rules, and the product's mail over SMTP when it is configured. A new
 * password, however set, ends the account's other sessions.
 */
@NullMarked
package io.flowmeter.identity.service;

import org.jspecify.annotations.NullMarked;
