package io.flowmeter.analytics.service;

import io.flowmeter.analytics.AnalyticsProperties;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.shared.PeriodicTask;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;


/**
 * Every node, every rollup interval: adds the facts written since to roi_hourly, batch by batch until none is left
 * (a node that was down catches up). One indexed query when there is nothing to do.
 */
@Component
class Rollup extends PeriodicTask {

    private final FactStore facts;
    private final TransactionTemplate tx;

    Rollup(FactStore facts, TransactionTemplate tx, AnalyticsProperties properties) {
        super("flowmeter-roi-rollup", properties.rollupInterval());
        this.facts = facts;
        this.tx = tx;
    }

    /** Rolls up until nothing is left; returns how many facts it added. */
    int catchUp() {
        int total = 0;
        while (true) {
            Integer rolled = TenantContext.callAsPlatform(() -> tx.execute(status -> facts.rollUp()));
            int count = rolled == null ? 0 : rolled;
            total += count;
            if (count < FactStore.ROLLUP_BATCH) {
                return total;
            }
        }
    }

    @Override
    protected void runOnce() {
        catchUp();
    }

    @Override
    protected String description() {
        return "ROI rollup";
    }
}
