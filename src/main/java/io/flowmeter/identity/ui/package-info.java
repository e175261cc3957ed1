/**
 * The identity screens: sign-in, self-service sign-up (a new organization with the account as its owner), where
 * an invite link lands, and the tenant settings where admins and owners manage members, invitations, API keys
 * and the organization's name. Sign-in, sign-up and invites are open to anonymous visitors; a wrong email and a
 * wrong password get the same message.
 */
@NullMarked
package io.flowmeter.identity.ui;

import org.jspecify.annotations.NullMarked;
