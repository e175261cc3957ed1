package io.flowmeter.tenancy;

import java.util.UUID;

/**
 * A module's data of an organization that its deletion's cascading foreign keys cannot reach (secrets in Vault,
 * JobRunr's jobs). Each implementation is called after the deletion committed, and again on the next round until it
 * succeeds, so it must be idempotent and must treat "nothing left" as success.
 */
public interface TenantPurge {

    /** What it removes, for the log and the purge's last error ("secrets"). */
    String what();

    /** Removes every trace of the organization; throws when some of it could not be removed yet. */
    void purge(UUID tenantId);
}
