/**
 * People and access as stored: global user accounts (one account may belong to several tenants) and, per tenant,
 * memberships with a role, one-time invitations and REST API keys, and password reset links. Memberships, invitations
 * and API keys are tenant-owned, so Hibernate and row-level security confine them to the current tenant; reset links
 * belong to the platform scope, like accounts' sign-in data; of invitation links, reset links and API keys only hashes
 * are stored. Roles are ordered: each includes every role after it.
 */
@NullMarked
package io.flowmeter.identity.domain;

import org.jspecify.annotations.NullMarked;
