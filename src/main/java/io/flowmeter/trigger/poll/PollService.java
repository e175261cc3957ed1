package io.flowmeter.trigger.poll;

import io.flowmeter.connection.Connections;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.connector.spi.PollResult;
import io.flowmeter.connector.spi.Redactor;
import io.flowmeter.shared.json.Storable;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.service.TenantService;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.service.WorkflowService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Polling triggers: each poll asks the source for what it sees now and starts one run per item id the workflow has
 * not seen before. The seen ids are rows, inserted in the same transaction as the item's run, so an item starts
 * exactly one run across restarts, retries and nodes. The first poll only records what already exists.
 */
@Service
public class PollService {

    private static final Logger log = LoggerFactory.getLogger(PollService.class);
    static final int MAX_ITEMS_PER_POLL = 100;
    static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

    /** A polling trigger's state as its editors see it. */
    public record PollView(String source, String interval, @Nullable Instant lastPolledAt, @Nullable String lastError, long started,
                           long seen) {
    }

    private final WorkflowService workflows;
    private final RunService runs;
    private final Connections connections;
    private final ConnectorRegistry connectors;
    private final TenantService tenants;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    PollService(WorkflowService workflows, RunService runs, Connections connections, ConnectorRegistry connectors, TenantService tenants,
                JdbcTemplate jdbc, TransactionTemplate tx) {
        this.workflows = workflows;
        this.runs = runs;
        this.connections = connections;
        this.connectors = connectors;
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** One poll; returns how many runs it started. Never throws for the source's failures: they are recorded. */
    public int poll(UUID tenantId, UUID workflowId) {
        return TenantContext.callAsTenant(tenantId, () -> {
            if (!tenants.isActive(tenantId)) {
                return 0;
            }
            WorkflowVersion version;
            try {
                if (workflows.isPaused(workflowId)) {
                    return 0;
                }
                version = workflows.latestVersion(workflowId);
            } catch (NotFoundException | ConflictException e) {
                return 0;
            }
            WorkflowDefinition.Node trigger = workflows.definitionOf(version).trigger()
                    .filter(t -> "trigger.poll".equals(t.type())).orElse(null);
            if (trigger == null) {
                return 0;
            }
            String source = String.valueOf(trigger.paramsOrEmpty().get("source"));
            var poller = connectors.resolvePoller(source).orElse(null);
            if (poller == null) {
                record(workflowId, tenantId, null, "Nothing to watch called '" + source + "'");
                return 0;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> params = trigger.paramsOrEmpty().get("sourceParams") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            // no state yet: this is the first poll, which only notes what exists
            List<Optional<String>> state = tx.execute(status -> jdbc.query("select cursor from poll_state where workflow_id = ?",
                    (rs, i) -> Optional.ofNullable(rs.getString(1)), workflowId));
            boolean baseline = state == null || state.isEmpty();
            String cursor = baseline ? null : state.get(0).orElse(null);
            PollResult result;
            // a source may echo the connection's credentials: ids, items and errors are stored and shown without them
            Redactor redactor = Redactor.none();
            try {
                Credentials credentials = trigger.connection() == null ? null : connections.credentials(trigger.connection()).orElse(null);
                redactor = credentials == null ? redactor : redactor.and(credentials);
                result = poller.connector().poll(poller.poller().key(), params, credentials, cursor, POLL_TIMEOUT);
            } catch (ActionException | RuntimeException e) {
                String error = redactor.redact(String.valueOf(e.getMessage()));
                log.info("Poll of workflow {} ({}) failed: {}", workflowId, source, error);
                record(workflowId, tenantId, cursor, error);
                return 0;
            }
            List<PollResult.Item> items;
            try {
                items = storable(result.items().size() > MAX_ITEMS_PER_POLL ? result.items().subList(0, MAX_ITEMS_PER_POLL) : result.items(), redactor);
            } catch (Storable.TooDeep e) {
                record(workflowId, tenantId, cursor, "An item from the source is " + e.getMessage() + " and cannot be stored");
                return 0;
            }
            int started = 0;
            Instant now = Instant.now();
            // oldest first, so runs start in the order the items appeared (sources list newest first)
            for (int i = items.size() - 1; i >= 0; i--) {
                PollResult.Item item = items.get(i);
                Boolean fresh = tx.execute(status -> {
                    int inserted = jdbc.update("""
                            insert into poll_seen (workflow_id, item_id, tenant_id) values (?, ?, ?) on conflict do nothing
                            """, workflowId, clip(item.id()), tenantId);
                    if (inserted == 0 || baseline) {
                        return false;
                    }
                    Map<String, Object> input = new LinkedHashMap<>();
                    input.put("item", item.data());
                    input.put("itemId", item.id());
                    input.put("polledAt", now.toString());
                    runs.startTriggered(UUID.randomUUID(), workflowId, version, input, "poll");
                    return true;
                });
                if (Boolean.TRUE.equals(fresh)) {
                    started++;
                }
            }
            record(workflowId, tenantId, result.cursor() == null ? cursor : redactor.redact(result.cursor()), null);
            if (started > 0) {
                int count = started;
                tx.executeWithoutResult(status -> jdbc.update("update poll_state set started = started + ? where workflow_id = ?", count, workflowId));
            }
            return started;
        });
    }

    /** Items without the connection's secrets, and storable (a NUL in an id or the data would fail every poll after). */
    private static List<PollResult.Item> storable(List<PollResult.Item> items, Redactor redactor) throws Storable.TooDeep {
        List<PollResult.Item> clean = new java.util.ArrayList<>(items.size());
        for (PollResult.Item item : items) {
            Object data = Storable.clean(redactor.redactValue(item.data())).value();
            clean.add(new PollResult.Item(Storable.cleanText(redactor.redact(item.id())), data == null ? Map.of() : data));
        }
        return clean;
    }

    private void record(UUID workflowId, UUID tenantId, @Nullable String cursor, @Nullable String error) {
        tx.executeWithoutResult(status -> jdbc.update("""
                insert into poll_state (workflow_id, tenant_id, cursor, last_polled_at, last_error) values (?, ?, ?, now(), ?)
                on conflict (workflow_id) do update set cursor = excluded.cursor, last_polled_at = now(), last_error = excluded.last_error
                """, workflowId, tenantId, cursor == null ? null : Storable.cleanText(cursor), error == null ? null : clip(Storable.cleanText(error))));
    }

    private static String clip(String value) {
        return value.length() > 300 ? value.substring(0, 300) : value;
    }

    @PreAuthorize("hasAnyRole('VIEWER', 'API')")
    public PollView view(UUID workflowId) {
        workflows.get(workflowId);
        WorkflowDefinition.Node trigger = workflows.definitionOf(workflows.latestVersion(workflowId)).trigger()
                .filter(t -> "trigger.poll".equals(t.type()))
                .orElseThrow(() -> new ConflictException("The published version does not start by polling"));
        return tx.execute(status -> {
            long seen = jdbc.queryForObject("select count(*) from poll_seen where workflow_id = ?", Long.class, workflowId);
            var state = jdbc.query("select last_polled_at, last_error, started from poll_state where workflow_id = ?",
                    (rs, i) -> new Object[]{rs.getTimestamp(1), rs.getString(2), rs.getLong(3)}, workflowId).stream().findFirst()
                    .orElse(new Object[]{null, null, 0L});
            return new PollView(String.valueOf(trigger.paramsOrEmpty().get("source")),
                    String.valueOf(trigger.paramsOrEmpty().getOrDefault("interval", "PT5M")),
                    state[0] == null ? null : ((Timestamp) state[0]).toInstant(), (String) state[1], (Long) state[2], seen);
        });
    }
}
