/**
 * The platform admin's screen for tenants across the platform: search, create, suspend, quotas, usage and
 * delete. Only platform admins may open it.
 */
@NullMarked
package io.flowmeter.admin.ui;

import org.jspecify.annotations.NullMarked;
