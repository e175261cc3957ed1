package io.flowmeter.analytics.service;

import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.tenancy.TenantContext;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The ROI alerts people see on the dashboard, and dismissing them (BUILDER and up). */
@Service
public class AlertService {

    public static final int MAX_SHOWN = 50;

    private final AlertStore alerts;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    AlertService(AlertStore alerts, TransactionTemplate tx) {
        this.alerts = alerts;
        this.tx = tx;
    }

    /** Open alerts, newest first: the organization's, or one workflow's. */
    @PreAuthorize("hasAnyRole('VIEWER', 'API')")
    public List<RoiAlert> open(@Nullable UUID workflowId) {
        UUID tenant = TenantContext.requireTenant();
        return tx.execute(status -> alerts.open(tenant, workflowId, MAX_SHOWN));
    }

    @PreAuthorize("hasAnyRole('BUILDER', 'API')")
    public void dismiss(UUID alertId) {
        UUID tenant = TenantContext.requireTenant();
        String by = CurrentUser.get().map(FlowmeterPrincipal::displayName).orElse("API");
        if (!Boolean.TRUE.equals(tx.execute(status -> alerts.dismiss(tenant, alertId, by, clock.instant())))) {
            throw new NotFoundException("No open alert " + alertId);
        }
    }
}
