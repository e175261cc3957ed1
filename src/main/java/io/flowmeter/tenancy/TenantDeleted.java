package io.flowmeter.tenancy;

import java.util.UUID;

/**
 * Published inside the transaction that deletes an organization (platform scope), before its row goes: modules that
 * keep its data outside the cascading foreign keys remove it there, so it goes exactly when the deletion commits.
 */
public record TenantDeleted(UUID tenantId, String slug) {
}
