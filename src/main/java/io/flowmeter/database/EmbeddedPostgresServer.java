package io.flowmeter.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PostgreSQL server Flowmeter starts for itself when no external database is configured.
 * <p>
 * Three measured pitfalls of the embedded library are handled here: it turns fsync and synchronous commit
 * off (we turn them back on, this is the product's real data); its JVM shutdown hook kills Postgres before
 * Spring and JobRunr have finished (we disable it and stop the server when the Spring context closes); and
 * after a {@code kill -9} of the JVM the orphaned postmaster keeps the data directory locked, so a start
 * first looks for it and stops it.
 * <p>
 * A single-machine install has nobody else to restart PostgreSQL, so when the postmaster dies (killed, OOM) while
 * the app runs, it is started again on the same data directory and port (PostgreSQL's crash recovery replays the
 * WAL; nothing committed is lost), retrying with a growing pause until it is up or the app stops. The pools and
 * the engine reconnect by themselves.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final List<String> DURABILITY = List.of("fsync", "synchronous_commit", "full_page_writes");

    private static final Duration MAX_RESTART_PAUSE = Duration.ofSeconds(10);
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(250);

    private final Path dataDir;
    private final int port;
    private final Map<String, String> settings;
    private final Object lifecycle = new Object();
    private volatile EmbeddedPostgres postgres;
    private volatile boolean closed;

    private EmbeddedPostgresServer(Path dataDir, int port, Map<String, String> settings, EmbeddedPostgres postgres) {
        this.dataDir = dataDir;
        this.port = port;
        this.settings = settings;
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /** @param settings extra server settings; those that would weaken durability are refused */
    public static EmbeddedPostgresServer start(Path dataDir, int port, Map<String, String> settings) {
        for (String name : DURABILITY) {
            if (settings.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
                throw new IllegalArgumentException("The embedded PostgreSQL always runs with " + name
                        + " on; remove it from flowmeter.db.embedded.settings");
            }
        }
        try {
            Files.createDirectories(dataDir);
            stopOrphanedPostmaster(dataDir);
            int chosenPort = port > 0 ? port : freePort();
            var server = new EmbeddedPostgresServer(dataDir, chosenPort, Map.copyOf(settings), launch(dataDir, chosenPort, settings));
            log.info("Embedded PostgreSQL running on port {} with data in {}", chosenPort, dataDir);
            server.watchPostmaster();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    private static EmbeddedPostgres launch(Path dataDir, int port, Map<String, String> settings) throws IOException {
        var builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "100");
        settings.forEach(builder::setServerConfig);
        return builder.start();
    }

    /** The postmaster's pid is the first line of {@code postmaster.pid}, written before the server accepts connections. */
    private Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Looks four times a second whether the postmaster is alive (a signal-0 check, no database work): the JDK's
     * {@code onExit} for a process that is not our child noticed a death only seconds later.
     */
    private void watchPostmaster() {
        Optional<ProcessHandle> process = postmaster();
        if (process.isEmpty()) {
            log.warn("Cannot watch the embedded PostgreSQL (no readable postmaster.pid in {}); it will not be restarted if it dies", dataDir);
            return;
        }
        Thread watcher = new Thread(() -> {
            try {
                while (!closed && process.get().isAlive()) {
                    Thread.sleep(WATCH_INTERVAL.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                restartAfterDeath();
            }
        }, "flowmeter-embedded-postgres-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void restartAfterDeath() {
        log.error("The embedded PostgreSQL (port {}) died; starting it again on the same data", port);
        Duration pause = Duration.ofMillis(500);
        while (!closed) {
            try {
                // its backends notice the postmaster's death and exit; until they have, the data is still in use
                Thread.sleep(pause.toMillis());
                synchronized (lifecycle) {
                    if (closed) {
                        return;
                    }
                    closeQuietly(postgres); // releases the library's lock on the data directory
                    postgres = launch(dataDir, port, settings);
                }
                log.info("Embedded PostgreSQL running again on port {} with data in {}", port, dataDir);
                watchPostmaster();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("Could not start the embedded PostgreSQL again ({}); retrying in {}", e.getMessage(), pause);
                pause = pause.multipliedBy(2).compareTo(MAX_RESTART_PAUSE) > 0 ? MAX_RESTART_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** Without user parameters: pgjdbc lets URL parameters override the pool's user, which must not happen. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            try {
                postgres.close();
                log.info("Embedded PostgreSQL stopped");
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }

    private static void closeQuietly(EmbeddedPostgres dead) {
        try {
            dead.close();
        } catch (IOException e) {
            log.debug("Closing the dead embedded PostgreSQL: {}", e.getMessage());
        }
    }

    /**
     * A postmaster whose JVM died keeps running and holds the data directory; its pid is the first line of
     * {@code postmaster.pid}. It is stopped with a fast shutdown (SIGINT), which rolls back open
     * transactions of the dead JVM and checkpoints, so no committed data is lost.
     */
    static void stopOrphanedPostmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(EmbeddedPostgresServer::isPostgres);
        if (process.isEmpty()) {
            return; // stale pid file: Postgres itself recovers from it
        }
        log.warn("Found an orphaned PostgreSQL (pid {}) holding {} after an unclean stop; stopping it", pid, dataDir);
        signal(pid, "INT");
        if (!waitForExit(process.get(), ORPHAN_STOP_TIMEOUT)) {
            log.warn("Orphaned PostgreSQL (pid {}) ignored a fast shutdown; sending an immediate shutdown", pid);
            signal(pid, "QUIT");
            if (!waitForExit(process.get(), ORPHAN_STOP_TIMEOUT)) {
                throw new IllegalStateException("Could not stop the orphaned PostgreSQL (pid " + pid + ") holding "
                        + dataDir + "; stop it by hand and start again");
            }
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.contains("postgres")).orElse(true);
    }

    private static void signal(long pid, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while signalling PostgreSQL", e);
        }
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !process.isAlive();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
