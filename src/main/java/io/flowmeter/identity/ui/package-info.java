/**
 * The identity screens: sign-in, self-service sign-up (a new organization with the account as its owner), where
 * an invite link lands, "forgot password" and where its link lands, the signed-in person's profile (name, password),
 * and the tenant settings where admins and owners manage members, invitations, API keys and the organization's
 * name. Sign-in, sign-up, invites and password reset are open to anonymous visitors; a wrong email and a wrong
 * password get the same message, and "forgot password" answers alike whether or not an account exists.
 */
@NullMarked
package io.flowmeter.identity.ui;

import org.jspecify.annotations.NullMarked;
