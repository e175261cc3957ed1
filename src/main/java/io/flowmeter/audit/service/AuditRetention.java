package io.flowmeter.audit.service;

import io.flowmeter.shared.PeriodicTask;
import io.flowmeter.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Expires audit entries past {@code flowmeter.audit.retention}, on every node (expiring twice is harmless). */
@Component
class AuditRetention extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditStore store;
    private final TransactionTemplate tx;
    private final AuditProperties properties;

    AuditRetention(AuditStore store, TransactionTemplate tx, AuditProperties properties) {
        super("flowmeter-audit-expiry", properties.expiryInterval());
        this.store = store;
        this.tx = tx;
        this.properties = properties;
    }

    @Override
    protected void runOnce() {
        Long gone = TenantContext.callAsPlatform(() -> tx.execute(status -> store.expire(properties.retention())));
        if (gone != null && gone > 0) {
            log.info("Expired {} audit entries older than {}", gone, properties.retention());
        }
    }

    @Override
    protected String description() {
        return "audit log expiry";
    }
}
