package io.flowmeter.analytics;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Value and usage per organization for the platform admin: what each one's runs saved and cost over the last days, in
 * its own currency. Read from the daily rollup (which trails the facts by a few seconds). Platform admins only.
 */
public interface TenantValues {

    /** One organization's figures over the period; money at the currency's scale. */
    record Usage(String currency, long runs, long succeeded, long failed, long workflows, BigDecimal hoursSaved, BigDecimal valueSaved,
                 BigDecimal cost) {
        public BigDecimal net() {
            return valueSaved.subtract(cost);
        }
    }

    /** The last {@code days} days (today included) of each of {@code tenantIds} that had runs in them. */
    Map<UUID, Usage> lastDays(Collection<UUID> tenantIds, int days);
}
