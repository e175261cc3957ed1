/**
 * Tenant lifecycle (create, rename, suspend, reactivate, change quotas, delete) and both halves of tenant
 * isolation: Hibernate's tenant resolver, which filters and stamps every {@code @TenantId} entity, and the
 * transaction manager that sets, for the transaction only, the PostgreSQL settings row-level security reads, so
 * a pooled connection never carries one tenant's context into another's work.
 */
@NullMarked
package io.flowmeter.tenancy.service;

import org.jspecify.annotations.NullMarked;
