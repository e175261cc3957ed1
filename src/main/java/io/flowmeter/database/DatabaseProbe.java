package io.flowmeter.database;

import io.flowmeter.shared.DatabaseAvailability;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * Knows within seconds whether the database can be reached, so that readiness, the REST API and webhook intake
 * need not find out by waiting for a pool's 10 s connection timeout (four pools: 40 s). One connection of its own,
 * checked every three seconds with an empty statement (a third of a transaction per second: the idle app must stay
 * under two in all); connecting and checking time out after two seconds, so a server that refuses connections shows
 * as unreachable within three seconds and one that is cut off within five. While it is down it looks every half
 * second.
 */
@Component
public class DatabaseProbe implements DatabaseAvailability, SmartLifecycle {

    static final Duration INTERVAL = Duration.ofSeconds(3);
    /** While it is down, looking more often costs nothing and lets everything waiting on it resume sooner. */
    static final Duration INTERVAL_WHILE_DOWN = Duration.ofMillis(500);
    static final int TIMEOUT_SECONDS = 2;
    private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);

    private final DatabaseEndpoint endpoint;
    private final DatabaseProperties properties;
    private volatile boolean reachable = true;
    private volatile @Nullable Instant unreachableSince;
    private volatile @Nullable String lastError;
    private volatile boolean running;
    private @Nullable Connection connection;
    private @Nullable Thread thread;

    DatabaseProbe(DatabaseEndpoint endpoint, DatabaseProperties properties) {
        this.endpoint = endpoint;
        this.properties = properties;
    }

    @Override
    public boolean isReachable() {
        return reachable;
    }

    /** When the database became unreachable; null while it is reachable. */
    public @Nullable Instant unreachableSince() {
        return unreachableSince;
    }

    public @Nullable String lastError() {
        return lastError;
    }

    /** One check; the probe's thread calls it every {@link #INTERVAL}. */
    void check() {
        try {
            if (connection == null || !connection.isValid(TIMEOUT_SECONDS)) {
                closeConnection();
                connection = connect();
            }
            if (!reachable) {
                log.info("The database can be reached again (it could not be since {})", unreachableSince);
            }
            reachable = true;
            unreachableSince = null;
            lastError = null;
        } catch (SQLException e) {
            closeConnection();
            if (reachable) {
                log.warn("The database cannot be reached: {}", e.getMessage());
                unreachableSince = Instant.now();
            }
            reachable = false;
            lastError = e.getMessage();
        }
    }

    private Connection connect() throws SQLException {
        var info = new Properties();
        info.setProperty("user", properties.appUser());
        info.setProperty("password", properties.appPassword());
        info.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
        info.setProperty("loginTimeout", Integer.toString(TIMEOUT_SECONDS));
        info.setProperty("socketTimeout", Integer.toString(TIMEOUT_SECONDS));
        info.setProperty("ApplicationName", "flowmeter-probe");
        return DriverManager.getConnection(endpoint.url(), info);
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is being replaced because it is broken
            }
            connection = null;
        }
    }

    @Override
    public void start() {
        running = true;
        Thread probe = new Thread(() -> {
            while (running) {
                check();
                try {
                    Thread.sleep((reachable ? INTERVAL : INTERVAL_WHILE_DOWN).toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "flowmeter-database-probe");
        probe.setDaemon(true);
        thread = probe;
        probe.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread probe = thread;
        if (probe != null) {
            probe.interrupt();
            try {
                probe.join(TIMEOUT_SECONDS * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeConnection();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before everything that uses the database (recovery, the job server's watchdog) and stopped after them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }
}
