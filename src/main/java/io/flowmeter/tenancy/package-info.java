/**
 * Tenants: the organizations that own workflows, connections and runs, their plan quotas and status, and
 * the current-tenant context. The context is enforced twice: Hibernate adds the tenant to every query of a
 * tenant-owned entity, and PostgreSQL row-level security, keyed on a per-transaction setting, hides every
 * other tenant's rows even from native SQL.
 */
@NullMarked
package io.flowmeter.tenancy;

import org.jspecify.annotations.NullMarked;
