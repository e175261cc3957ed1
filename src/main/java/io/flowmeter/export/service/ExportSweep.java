package io.flowmeter.export.service;

import io.flowmeter.shared.PeriodicTask;
import io.flowmeter.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;

/**
 * On every node, every {@code flowmeter.export.sweep-interval}: removes the files of exports nobody downloaded within
 * {@code flowmeter.export.keep}, and hands an export whose job was lost (the node died between the request's commit
 * and saving its job) to a new job.
 */
@Component
class ExportSweep extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ExportSweep.class);
    private static final Duration LOST_AFTER = Duration.ofMinutes(1);

    private final ExportStore store;
    private final ExportService exports;
    private final TransactionTemplate tx;
    private final ExportProperties properties;

    ExportSweep(ExportStore store, ExportService exports, TransactionTemplate tx, ExportProperties properties) {
        super("flowmeter-export-sweep", properties.sweepInterval());
        this.store = store;
        this.exports = exports;
        this.tx = tx;
        this.properties = properties;
    }

    @Override
    protected void runOnce() {
        Integer expired = TenantContext.callAsPlatform(() -> tx.execute(status -> store.expire(properties.keep())));
        if (expired != null && expired > 0) {
            log.info("Removed {} data exports nobody downloaded within {}", expired, properties.keep());
        }
        List<ExportStore.Lost> lost = TenantContext.callAsPlatform(() -> tx.execute(status -> store.lost(LOST_AFTER)));
        for (ExportStore.Lost export : lost == null ? List.<ExportStore.Lost>of() : lost) {
            log.warn("Data export {} had no job; building it now", export.exportId());
            exports.enqueue(export.tenantId(), export.exportId());
        }
    }

    @Override
    protected String description() {
        return "data export sweep";
    }
}
