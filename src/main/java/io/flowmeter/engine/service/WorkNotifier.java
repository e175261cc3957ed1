package io.flowmeter.engine.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.database.DatabaseEndpoint;
import io.flowmeter.database.DatabaseProperties;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.StorageProvider;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Cross-node signals over PostgreSQL {@code LISTEN/NOTIFY} on one dedicated connection per node:
 * {@code flowmeter_work} wakes other nodes' job servers when this node dispatched work (only sent when other
 * nodes exist), and {@code flowmeter_events} carries run events, which arrive here as Spring events with
 * {@code remote = true} (only sent while another node listens: {@link #otherNodesListen}). The listener blocks on the
 * socket; it does not poll the database, but every few seconds it looks which other nodes' listeners are connected.
 * <p>
 * A listener connects under the application name {@value #LISTENER_NAME} and, once listening, says so on
 * {@code flowmeter_work}: the nodes already running then send it their run events from their next transaction on,
 * without waiting for their next look.
 */
@Component
public class WorkNotifier implements SmartLifecycle {

    static final String WORK = "flowmeter_work";
    static final String EVENTS = "flowmeter_events";
    /** The application name of every node's listener connection (pg_stat_activity), by which nodes find each other. */
    static final String LISTENER_NAME = "flowmeter-notify-listener";
    private static final long LISTENERS_CHECK_MILLIS = 5_000;
    /** Ends the payload of the notification a node's listener sends once it listens, after the node's id. */
    private static final String HELLO = ":hello";
    private static final Logger log = LoggerFactory.getLogger(WorkNotifier.class);
    private static final long SERVER_CHECK_NANOS = 10_000_000_000L;

    private final DatabaseEndpoint endpoint;
    private final DatabaseProperties properties;
    private final DataSource dataSource;
    private final StorageProvider storage;
    private final ObjectProvider<JobDispatcher> dispatcher;
    private final ObjectProvider<BackgroundJobServer> localServer;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;
    private final String nodeId = UUID.randomUUID().toString();
    private volatile boolean running;
    private volatile Thread listener;
    private volatile boolean othersExist;
    /** Whether another node's listener is connected; true until this node's listener has looked (and when it cannot). */
    private volatile boolean othersListen = true;
    private volatile long othersCheckedAt;

    WorkNotifier(DatabaseEndpoint endpoint, DatabaseProperties properties, DataSource dataSource, StorageProvider storage,
                 ObjectProvider<JobDispatcher> dispatcher, ObjectProvider<BackgroundJobServer> localServer, ApplicationEventPublisher events,
                 ObjectMapper json) {
        this.localServer = localServer;
        this.endpoint = endpoint;
        this.properties = properties;
        this.dataSource = dataSource;
        this.storage = storage;
        this.dispatcher = dispatcher;
        this.events = events;
        this.json = json;
    }

    /** Tells other nodes that jobs are waiting; free when this is the only node. */
    void announceWork() {
        if (otherNodesExist()) {
            announceWorkNow();
        }
    }

    /**
     * Tells other nodes that jobs are waiting without asking whether any exist: for a node handing its work over as it
     * stops, where the answer may be a few seconds old (a worker that joined since) and a missed wake-up costs another
     * node's whole poll interval.
     */
    void announceWorkNow() {
        try (Connection connection = dataSource.getConnection(); var statement = connection.prepareStatement("select pg_notify(?, ?)")) {
            statement.setString(1, WORK);
            statement.setString(2, nodeId);
            statement.execute();
        } catch (SQLException e) {
            log.debug("Could not notify other nodes: {}", e.getMessage());
        }
    }

    private boolean otherNodesExist() {
        long now = System.nanoTime();
        if (now - othersCheckedAt > SERVER_CHECK_NANOS) {
            othersCheckedAt = now;
            try {
                // a node without a running job server of its own (a web node, or one stopping) counts every server
                BackgroundJobServer local = localServer.getIfAvailable();
                long running = storage.getBackgroundJobServers().stream().filter(s -> s.isRunning()).count();
                othersExist = running > (local != null && local.isRunning() ? 1 : 0);
            } catch (RuntimeException e) {
                othersExist = false;
            }
        }
        return othersExist;
    }

    /**
     * Whether another node's listener is connected, as this node's listener last saw (at most a few seconds ago, or
     * when a node announced itself since): run events are sent to other nodes only then, as nobody else would read
     * them (a node skips its own). True while this node's listener is not connected, so nothing is held back on a guess.
     */
    boolean otherNodesListen() {
        return othersListen;
    }

    @Override
    public void start() {
        running = true;
        listener = new Thread(this::listen, "flowmeter-notify-listener");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        long backoff = 500;
        while (running) {
            Properties login = new Properties();
            login.setProperty("user", properties.appUser());
            login.setProperty("password", properties.appPassword());
            login.setProperty("ApplicationName", LISTENER_NAME);
            try (Connection connection = DriverManager.getConnection(endpoint.url(), login);
                 Statement statement = connection.createStatement();
                 var others = connection.prepareStatement("select count(*) from pg_stat_activity where application_name = ? and pid <> pg_backend_pid()")) {
                statement.execute("LISTEN " + WORK);
                statement.execute("LISTEN " + EVENTS);
                statement.execute("select pg_notify('" + WORK + "', '" + nodeId + HELLO + "')"); // here: the others send events from now on
                others.setString(1, LISTENER_NAME);
                PGConnection pg = connection.unwrap(PGConnection.class);
                backoff = 500;
                long lookedAt = System.nanoTime() - LISTENERS_CHECK_MILLIS * 1_000_000; // look at once
                while (running) {
                    if (System.nanoTime() - lookedAt >= LISTENERS_CHECK_MILLIS * 1_000_000) {
                        try (var rs = others.executeQuery()) {
                            othersListen = rs.next() && rs.getLong(1) > 0;
                        }
                        lookedAt = System.nanoTime();
                    }
                    PGNotification[] notifications = pg.getNotifications((int) LISTENERS_CHECK_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            receive(notification);
                        }
                    }
                }
            } catch (SQLException e) {
                othersListen = true; // not known until connected again
                if (running) {
                    log.warn("Notification listener lost its connection ({}); reconnecting", e.getMessage());
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, 30_000);
                }
            }
        }
    }

    private void receive(PGNotification notification) {
        if (WORK.equals(notification.getName())) {
            String sender = notification.getParameter();
            if (!sender.startsWith(nodeId)) {
                othersListen = true; // another node is there (it just started, or dispatched work)
                if (sender.endsWith(HELLO)) {
                    othersCheckedAt = System.nanoTime() - SERVER_CHECK_NANOS - 1; // a new node may run a job server: look again
                }
                JobDispatcher local = dispatcher.getIfAvailable();
                if (local != null) {
                    local.wakeLocal();
                }
            }
            return;
        }
        try {
            List<RunEventMessage> messages = json.readValue(notification.getParameter(), new TypeReference<>() {
            });
            for (RunEventMessage message : messages) {
                if (!nodeId.equals(message.node())) {
                    events.publishEvent(new RunEvent(message.tenantId(), message.runId(), message.nodeId(), message.type(), true));
                }
            }
        } catch (Exception e) {
            log.debug("Ignoring a malformed event notification: {}", e.getMessage());
        }
    }

    String nodeId() {
        return nodeId;
    }

    /** The wire form of an event: the node that sent it, so it does not deliver its own events twice. */
    record RunEventMessage(String node, UUID tenantId, UUID runId, String nodeId, RunEvent.Type type) {
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
