package io.flowmeter.analytics.service;

import io.flowmeter.analytics.AnalyticsProperties;
import io.flowmeter.shared.PeriodicTask;
import io.flowmeter.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Every node, every alert interval: looks at each active organization in turn for ROI alerts ({@link RoiAlerts}).
 * Two nodes looking at once raise each alert once (the store's unique key), and one organization's failure does not
 * stop the others.
 */
@Component
class AlertSweep extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(AlertSweep.class);

    private final AlertStore store;
    private final RoiAlerts alerts;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    AlertSweep(AlertStore store, RoiAlerts alerts, TransactionTemplate tx, AnalyticsProperties properties) {
        super("flowmeter-roi-alerts", properties.alertInterval());
        this.store = store;
        this.alerts = alerts;
        this.tx = tx;
    }

    /** One look at every organization; returns how many alerts it raised. */
    int sweep() {
        List<UUID> tenants = TenantContext.callAsPlatform(() -> tx.execute(status -> store.activeTenants()));
        int raised = 0;
        for (UUID tenant : tenants) {
            try {
                raised += TenantContext.callAsTenant(tenant, () -> alerts.check(tenant, clock.instant()).size());
            } catch (RuntimeException e) {
                log.warn("ROI alerts of organization {} not checked: {}", tenant, e.getMessage());
            }
        }
        return raised;
    }

    @Override
    protected void runOnce() {
        sweep();
    }

    @Override
    protected String description() {
        return "ROI alert sweep";
    }
}
