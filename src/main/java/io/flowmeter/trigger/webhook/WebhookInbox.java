package io.flowmeter.trigger.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.service.WorkflowService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Accepted webhook deliveries waiting to become runs. A request commits one row and is answered at once; this
 * drainer turns rows into runs in batches, each batch in one transaction that also deletes its rows, so a row
 * becomes exactly one run even if a node dies at any point. Woken at once by local inserts; every few seconds it
 * also looks for rows another node left behind.
 * <p>
 * While requests are pouring in, the drainer paces itself ({@code flowmeter.webhooks.runs-per-second-while-ingesting}):
 * on a small machine, executing runs as fast as they arrive would take the processor from answering requests, and
 * accepted deliveries are durable here anyway; the backlog is worked off at full speed once the burst is over.
 */
@Component
class WebhookInbox {

    private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);
    static final int BATCH = 200;
    static final int MAX_ATTEMPTS = 5;
    private static final long IDLE_POLL_MS = 5_000;

    private record Row(UUID runId, UUID workflowId, UUID versionId, String input) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final RunService runs;
    private final WorkflowService workflows;
    private final ObjectMapper json;
    private final Semaphore signal = new Semaphore(0);
    private final io.github.bucket4j.Bucket pace;
    private volatile long ingestingUntil;
    private final com.github.benmanes.caffeine.cache.Cache<UUID, WorkflowVersion> versions =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(1_000).build();
    private volatile boolean running = true;
    private Thread drainer;

    WebhookInbox(JdbcTemplate jdbc, TransactionTemplate tx, RunService runs, WorkflowService workflows, ObjectMapper json,
                 WebhookProperties properties) {
        int paceRate = properties.runsPerSecondWhileIngesting();
        this.pace = io.github.bucket4j.Bucket.builder().addLimit(io.github.bucket4j.Bandwidth.builder()
                .capacity(Math.max(1, paceRate / 5)).refillGreedy(Math.max(1, paceRate), java.time.Duration.ofSeconds(1)).build()).build();
        this.jdbc = jdbc;
        this.tx = tx;
        this.runs = runs;
        this.workflows = workflows;
        this.json = json;
    }

    @PostConstruct
    void start() {
        drainer = new Thread(this::loop, "flowmeter-webhook-inbox");
        drainer.setDaemon(true);
        drainer.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        drainer.interrupt();
    }

    /** Something was added here: drain now. */
    void wake() {
        signal.release();
    }

    /** The intake is busy: pace the runs started from here for a moment. */
    void ingesting() {
        ingestingUntil = System.nanoTime() + INGESTING_GRACE_NANOS;
        signal.release();
    }

    private static final long INGESTING_GRACE_NANOS = 500_000_000L;

    /** How many rows the next batch may take: all while quiet, what the pace allows while ingesting (maybe none yet). */
    private int allowance() throws InterruptedException {
        if (System.nanoTime() - ingestingUntil > 0) {
            return BATCH;
        }
        int allowed = (int) pace.tryConsumeAsMuchAsPossible(BATCH);
        if (allowed == 0) {
            Thread.sleep(20);
        }
        return allowed;
    }

    private void loop() {
        while (running) {
            try {
                signal.tryAcquire(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
                signal.drainPermits();
                drainAll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Draining the webhook inbox failed; trying again shortly", e);
            }
        }
    }

    /** Drains every tenant's rows; returns how many runs it started. */
    int drainAll() throws InterruptedException {
        int started = 0;
        while (true) {
            List<UUID> tenants = TenantContext.callAsPlatform(() -> tx.execute(status -> jdbc.queryForList(
                    "select distinct tenant_id from webhook_inbox i where attempts < ? and " + STARTABLE + " limit 100",
                    UUID.class, MAX_ATTEMPTS)));
            if (tenants == null || tenants.isEmpty()) {
                return started;
            }
            int round = 0;
            boolean paced = false;
            for (UUID tenant : tenants) {
                int allowed = allowance();
                paced |= allowed < BATCH;
                if (allowed > 0) {
                    round += TenantContext.callAsTenant(tenant, () -> drainTenant(allowed));
                }
            }
            started += round;
            if (round == 0 && !paced) {
                return started; // only rows that keep failing are left
            }
        }
    }

    private int drainTenant(int limit) {
        try {
            Integer started = tx.execute(status -> {
                List<Row> rows = claim(limit);
                for (Row row : rows) {
                    startRun(row);
                }
                delete(rows);
                return rows.size();
            });
            return started == null ? 0 : started;
        } catch (RuntimeException batchFailed) {
            // one bad row must not hold up the others: one transaction each, counting failures
            int started = 0;
            List<Row> rows = tx.execute(status -> claim(limit));
            for (Row row : rows == null ? List.<Row>of() : rows) {
                try {
                    tx.executeWithoutResult(status -> {
                        startRun(row);
                        delete(List.of(row));
                    });
                    started++;
                } catch (RuntimeException e) {
                    log.warn("Webhook delivery {} of workflow {} could not start its run", row.runId(), row.workflowId(), e);
                    tx.executeWithoutResult(status -> jdbc.update("update webhook_inbox set attempts = attempts + 1 where run_id = ?", row.runId()));
                }
            }
            return started;
        }
    }

    /**
     * Deliveries queued for a paused workflow wait for it to be resumed; those of a suspended organization wait for it
     * to be reactivated (found by the next poll, within 5 s): accepted means its run will exist, and suspension keeps
     * all data, so they are neither run nor dropped meanwhile.
     */
    private static final String STARTABLE = "not exists (select 1 from workflows w where w.id = i.workflow_id and w.paused)"
            + " and exists (select 1 from tenants t where t.id = i.tenant_id and t.status = 'ACTIVE')";

    /** A workflow was resumed (or published): its queued deliveries may start now. */
    @org.springframework.context.event.EventListener
    void onWorkflowChanged(io.flowmeter.workflow.service.WorkflowChanged changed) {
        wake();
    }

    private List<Row> claim(int limit) {
        return jdbc.query("select run_id, workflow_id, version_id, input from webhook_inbox i where attempts < ? and " + STARTABLE
                + " order by received_at limit ? for update of i skip locked", (rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4)),
                MAX_ATTEMPTS, limit);
    }

    private void startRun(Row row) {
        // versions are immutable: one read serves every delivery of a burst
        WorkflowVersion version = versions.get(row.versionId(), id -> workflows.version(id)
                .orElseThrow(() -> new IllegalStateException("workflow version " + id + " is gone")));
        Object input;
        try {
            input = json.readValue(row.input(), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable inbox input", e);
        }
        runs.startAdmitted(row.runId(), row.workflowId(), version, input == null ? Map.of() : input, "webhook");
    }

    private void delete(List<Row> rows) {
        if (!rows.isEmpty()) {
            jdbc.update("delete from webhook_inbox where run_id = any(?)", (Object) rows.stream().map(Row::runId).toArray(UUID[]::new));
        }
    }
}
