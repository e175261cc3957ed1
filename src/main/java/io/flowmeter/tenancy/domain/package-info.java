/**
 * The tenant as stored: its name, unique URL-safe slug, plan quotas and status. A suspended tenant's members can
 * neither sign in nor call the API; its data is kept.
 */
@NullMarked
package io.flowmeter.tenancy.domain;

import org.jspecify.annotations.NullMarked;
