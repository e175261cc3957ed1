package io.flowmeter.trigger.webhook;

import io.flowmeter.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Remembers the message ids of accepted deliveries ({@code webhook_deliveries}) for the replay window, so that the
 * same signed request is refused. An id is new when it was never seen, or was last accepted longer than the window
 * ago: the statement itself applies the window, so how often old rows are cleaned up changes nothing but space.
 * One statement records a whole batch; callers run it in the transaction that stores the delivery, so an id is only
 * remembered for a delivery that was stored (a refused request leaves nothing).
 */
@Component
class ReplayGuard {

    /** One accepted delivery's id; a workflow's ids are its own. */
    record Key(UUID tenantId, UUID workflowId, String messageId) {
    }

    private static final String RECORD = """
            insert into webhook_deliveries (workflow_id, message_id, tenant_id)
            select * from unnest(?::uuid[], ?::varchar[], ?::uuid[])
            on conflict (workflow_id, message_id) do update set received_at = now()
                where webhook_deliveries.received_at < now() - make_interval(secs => ?)
            returning workflow_id, message_id
            """;
    /* small enough that each delete is a short transaction on the received_at index */
    static final int FORGET_BATCH = 5_000;

    private final Duration window;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    ReplayGuard(WebhookProperties properties, JdbcTemplate jdbc, TransactionTemplate tx) {
        this.window = properties.replayWindow();
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Timestamps must not be accepted for longer than their ids are remembered (a timestamp is good for ± tolerance). */
    Duration longestTolerance() {
        return window.dividedBy(2);
    }

    /** Records the keys on {@code connection}; returns the ones that are new. */
    Set<Key> recordNew(Connection connection, Collection<Key> keys) throws SQLException {
        if (keys.isEmpty()) {
            return Set.of();
        }
        // one key twice in one statement would be an error ("cannot affect row a second time"): the second is a replay anyway
        Set<Key> distinct = new LinkedHashSet<>(keys);
        record Id(UUID workflowId, String messageId) {
        }
        Map<Id, Key> byId = new HashMap<>();
        distinct.forEach(key -> byId.put(new Id(key.workflowId(), key.messageId()), key));
        Set<Key> fresh = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement(RECORD)) {
            insert.setArray(1, connection.createArrayOf("uuid", distinct.stream().map(Key::workflowId).toArray()));
            insert.setArray(2, connection.createArrayOf("varchar", distinct.stream().map(Key::messageId).toArray()));
            insert.setArray(3, connection.createArrayOf("uuid", distinct.stream().map(Key::tenantId).toArray()));
            insert.setDouble(4, window.toSeconds());
            try (var rows = insert.executeQuery()) {
                while (rows.next()) {
                    fresh.add(byId.get(new Id(rows.getObject(1, UUID.class), rows.getString(2))));
                }
            }
        }
        return fresh;
    }

    /** Forgets ids older than the window, a batch per transaction; an idle database sees one query an hour. */
    @Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
    void forgetExpired() {
        int deleted;
        do {
            Integer count = TenantContext.callAsPlatform(() -> tx.execute(status -> jdbc.update("""
                    delete from webhook_deliveries where ctid = any(array(
                        select ctid from webhook_deliveries where received_at < now() - make_interval(secs => ?) limit ?))
                    """, (double) window.toSeconds(), FORGET_BATCH)));
            deleted = count == null ? 0 : count;
        } while (deleted == FORGET_BATCH);
    }
}
