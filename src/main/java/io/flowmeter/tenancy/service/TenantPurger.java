package io.flowmeter.tenancy.service;

import io.flowmeter.shared.PeriodicTask;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.TenantDeleted;
import io.flowmeter.tenancy.TenantPurge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Removes what a deleted organization left outside the database's cascade ({@link TenantPurge}s): the deletion's
 * transaction notes the organization in {@code tenant_purges}, so the purge is owed exactly when the deletion
 * committed; right after the commit it runs on a thread of its own, and every node tries what is still owed each
 * round ({@code flowmeter.tenancy.purge-interval}) until every purge succeeded, then the note goes.
 */
@Component
class TenantPurger extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(TenantPurger.class);
    private static final int MAX_ERROR = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final List<TenantPurge> purges;
    private final ExecutorService now = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "flowmeter-tenant-purge");
        thread.setDaemon(true);
        return thread;
    });

    TenantPurger(JdbcTemplate jdbc, TransactionTemplate tx, List<TenantPurge> purges, TenancyProperties properties) {
        super("flowmeter-tenant-purges", properties.purgeInterval());
        this.jdbc = jdbc;
        this.tx = tx;
        this.purges = List.copyOf(purges);
    }

    /** In the deletion's transaction: the purge is owed from the moment it commits. */
    @EventListener
    void owe(TenantDeleted deleted) {
        jdbc.update("insert into tenant_purges (tenant_id, slug) values (?, ?) on conflict (tenant_id) do nothing",
                deleted.tenantId(), deleted.slug());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void purgeSoon(TenantDeleted deleted) {
        now.submit(() -> {
            try {
                purge(deleted.tenantId());
            } catch (RuntimeException e) {
                log.warn("Could not purge organization {} yet: {}", deleted.slug(), e.getMessage());
            }
        });
    }

    @Override
    protected void runOnce() {
        purgeOwed();
    }

    /** Tries every owed purge once; returns how many organizations are now fully purged. */
    int purgeOwed() {
        List<UUID> owed = TenantContext.callAsPlatform(() -> tx.execute(status ->
                jdbc.queryForList("select tenant_id from tenant_purges order by requested_at limit 100", UUID.class)));
        int done = 0;
        for (UUID tenantId : owed == null ? List.<UUID>of() : owed) {
            done += purge(tenantId) ? 1 : 0;
        }
        return done;
    }

    /** Runs every purge for the organization; forgets the debt when all succeeded, else records why not. */
    boolean purge(UUID tenantId) {
        List<String> failures = new ArrayList<>();
        for (TenantPurge purge : purges) {
            try {
                purge.purge(tenantId);
            } catch (RuntimeException e) {
                failures.add(purge.what() + ": " + e.getMessage());
            }
        }
        TenantContext.runAsPlatform(() -> tx.executeWithoutResult(status -> {
            if (failures.isEmpty()) {
                jdbc.update("delete from tenant_purges where tenant_id = ?", tenantId);
            } else {
                String error = String.join("; ", failures);
                jdbc.update("update tenant_purges set attempts = attempts + 1, last_error = ? where tenant_id = ?",
                        error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error, tenantId);
            }
        }));
        if (failures.isEmpty()) {
            log.info("Purged what organization {} kept outside the database", tenantId);
        } else {
            log.warn("Organization {} is not fully purged yet ({}); trying again", tenantId, failures);
        }
        return failures.isEmpty();
    }

    @Override
    public void stop() {
        now.shutdownNow();
        super.stop();
    }

    @Override
    protected String description() {
        return "purge of deleted organizations";
    }
}
