package io.flowmeter.trigger.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stores accepted webhook deliveries in the inbox with group commit: request threads hand their delivery to one
 * writer and wait; the writer commits everything that arrived meanwhile in one transaction (two statements: the
 * replay check and the inbox insert), then answers them all. Under load one commit serves hundreds of requests,
 * and the writer has connections of its own, so ingestion never queues behind step execution for the database.
 * A request is answered 2xx only after its row is committed; the inbox turns rows into runs.
 */
@Component
class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);
    static final int MAX_BATCH = 500;
    static final long MAX_BATCH_CHARS = 8_000_000;
    static final int MAX_WAITING = 20_000;
    static final Duration MAX_WAIT = Duration.ofSeconds(20);

    /** One accepted request; {@code stored} completes with false when its message id was already delivered. */
    record Delivery(UUID runId, UUID tenantId, UUID workflowId, UUID versionId, String input, @Nullable String messageId,
                    CompletableFuture<Boolean> stored) {

        Delivery(UUID runId, UUID tenantId, UUID workflowId, UUID versionId, String input, @Nullable String messageId) {
            this(runId, tenantId, workflowId, versionId, input, messageId, new CompletableFuture<>());
        }

        ReplayGuard.@Nullable Key replayKey() {
            return messageId == null ? null : new ReplayGuard.Key(tenantId, workflowId, messageId);
        }
    }

    private final DataSource dataSource;
    private final WebhookInbox inbox;
    private final ReplayGuard replayGuard;
    private final BlockingQueue<Delivery> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
    private volatile boolean running = true;
    private Thread writer;

    WebhookIntake(@Qualifier("intake") DataSource dataSource, WebhookInbox inbox, ReplayGuard replayGuard) {
        this.dataSource = dataSource;
        this.inbox = inbox;
        this.replayGuard = replayGuard;
    }

    @PostConstruct
    void start() {
        writer = new Thread(this::loop, "flowmeter-webhook-intake");
        writer.setDaemon(true);
        writer.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        writer.interrupt();
    }

    /**
     * Returns once the delivery is committed. Refuses with 401 a message id already delivered, and with 503 (retry
     * in a second) when so many requests are waiting that this one could not be stored in time.
     */
    void store(Delivery delivery) {
        if (!waiting.offer(delivery)) {
            throw new WebhookService.Refused(503, "Too many webhook requests at the moment; retry shortly", Duration.ofSeconds(1));
        }
        try {
            if (!delivery.stored().get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new WebhookService.Refused(401, "This message was already delivered (replay refused)", null);
            }
        } catch (TimeoutException e) {
            throw new WebhookService.Refused(503, "The request could not be stored in time; retry shortly", Duration.ofSeconds(1));
        } catch (ExecutionException e) {
            throw new WebhookService.Refused(503, "The request could not be stored; retry shortly", Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookService.Refused(503, "Shutting down; retry shortly", Duration.ofSeconds(5));
        }
    }

    /** Requests went through here within the last half second: keep routing them here while a burst lasts. */
    boolean busy() {
        return System.nanoTime() - lastBatch < BUSY_NANOS;
    }

    private static final long BUSY_NANOS = 500_000_000L;
    private volatile long lastBatch = System.nanoTime() - BUSY_NANOS;

    private void loop() {
        while (running) {
            try {
                Delivery first = waiting.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                List<Delivery> batch = new ArrayList<>();
                batch.add(first);
                long chars = first.input().length();
                Delivery next;
                while (batch.size() < MAX_BATCH && chars < MAX_BATCH_CHARS && (next = waiting.poll()) != null) {
                    batch.add(next);
                    chars += next.input().length();
                }
                writeOrSplit(batch);
                lastBatch = System.nanoTime();
                inbox.ingesting();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("The webhook intake writer failed; continuing", e);
            }
        }
    }

    /**
     * A batch refused for its data (a workflow deleted a moment ago, say) is written one by one, so only the bad
     * delivery fails; any other failure (the database unreachable) fails the batch at once, answered 503.
     */
    void writeOrSplit(List<Delivery> batch) {
        try {
            write(batch);
        } catch (SQLException batchFailed) {
            if (batch.size() > 1 && refusedForItsData(batchFailed)) {
                for (Delivery delivery : batch) {
                    writeOrSplit(List.of(delivery));
                }
                return;
            }
            log.warn("{} webhook deliveries could not be stored", batch.size(), batchFailed);
            batch.forEach(d -> d.stored().completeExceptionally(batchFailed));
        }
    }

    /** SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation). */
    private static boolean refusedForItsData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private void write(List<Delivery> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // one transaction serves many tenants (the rows carry their tenant, resolved from the webhook's
                // token): the intake's connections log in as the platform role
                Set<Delivery> replays = replays(connection, batch);
                List<Delivery> accepted = batch.stream().filter(d -> !replays.contains(d)).toList();
                if (!accepted.isEmpty()) {
                    try (PreparedStatement insert = connection.prepareStatement("""
                            insert into webhook_inbox (run_id, tenant_id, workflow_id, version_id, input)
                            select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[])
                            """)) {
                        insert.setArray(1, connection.createArrayOf("uuid", accepted.stream().map(Delivery::runId).toArray()));
                        insert.setArray(2, connection.createArrayOf("uuid", accepted.stream().map(Delivery::tenantId).toArray()));
                        insert.setArray(3, connection.createArrayOf("uuid", accepted.stream().map(Delivery::workflowId).toArray()));
                        insert.setArray(4, connection.createArrayOf("uuid", accepted.stream().map(Delivery::versionId).toArray()));
                        insert.setArray(5, connection.createArrayOf("text", accepted.stream().map(Delivery::input).toArray()));
                        insert.executeUpdate();
                    }
                }
                connection.commit();
                batch.forEach(d -> d.stored().complete(!replays.contains(d)));
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Records the batch's message ids; the deliveries whose id was delivered before (or earlier in this batch). */
    private Set<Delivery> replays(Connection connection, List<Delivery> batch) throws SQLException {
        List<Delivery> signed = batch.stream().filter(d -> d.replayKey() != null).toList();
        Set<ReplayGuard.Key> fresh = new HashSet<>(replayGuard.recordNew(connection, signed.stream().map(Delivery::replayKey).toList()));
        Set<Delivery> replays = new HashSet<>();
        for (Delivery delivery : signed) {
            if (!fresh.remove(delivery.replayKey())) {
                replays.add(delivery);
            }
        }
        return replays;
    }
}
