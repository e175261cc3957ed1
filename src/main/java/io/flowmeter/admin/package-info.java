/**
 * Platform administration: tenants across the platform (create, suspend, quotas, usage, delete), access to
 * JobRunr's dashboard, and the demo seed of a fresh embedded install. Only platform admins reach it.
 */
@NullMarked
package io.flowmeter.admin;

import org.jspecify.annotations.NullMarked;
