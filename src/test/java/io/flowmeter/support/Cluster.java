package io.flowmeter.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flowmeter scaled out on one machine: a web node ({@code FLOWMETER_ROLES=web}) whose embedded PostgreSQL every node
 * shares, and worker nodes ({@code FLOWMETER_ROLES=worker}) pointed at it as an external database, each a JVM of its
 * own with the same master key and role passwords, as nodes of one deployment are.
 */
public final class Cluster implements AutoCloseable {

    private static final String MASTER_KEY = Base64.getEncoder().encodeToString("cluster-test-master-key-32bytes!".getBytes());

    private final Path dir;
    private final int databasePort = freePort();
    // every node holds three pools; small ones, so that four nodes fit the database's connections
    private final Map<String, String> shared = Map.of(
            "FLOWMETER_MASTER_KEY", MASTER_KEY,
            "FLOWMETER_DB_APP_PASSWORD", "cluster-app-password",
            "FLOWMETER_DB_PLATFORM_PASSWORD", "cluster-platform-password",
            "FLOWMETER_DB_POOL_SIZE", "20",
            "FLOWMETER_DB_JOBS_POOL_SIZE", "8",
            "FLOWMETER_DB_PLATFORM_POOL_SIZE", "4");
    private final List<AppProcess> workers = new ArrayList<>();
    private AppProcess web;

    public Cluster(Path dir) {
        this.dir = dir;
    }

    /** Starts the web node (and with it the database), waits until it is ready. */
    public AppProcess startWeb(Map<String, String> extra) throws Exception {
        Map<String, String> environment = new HashMap<>(shared);
        environment.put("FLOWMETER_ROLES", "web");
        environment.put("FLOWMETER_DATA_DIR", dir.resolve("web-data").toString());
        environment.put("FLOWMETER_DB_PORT", String.valueOf(databasePort));
        environment.put("SPRING_APPLICATION_JSON", "{\"flowmeter\": {\"db\": {\"embedded\": {\"settings\": {\"max_connections\": \"300\"}}}}}");
        environment.putAll(extra);
        web = new AppProcess(dir.resolve("web"), freePort(), environment);
        web.start();
        web.awaitReady(Duration.ofSeconds(120));
        return web;
    }

    /** Starts worker nodes against the web node's database, all at once; waits until each is ready. */
    public List<AppProcess> startWorkers(int count, Map<String, String> extra) throws Exception {
        List<AppProcess> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> environment = new HashMap<>(shared);
            environment.put("FLOWMETER_ROLES", "worker");
            environment.put("FLOWMETER_DB_URL", "jdbc:postgresql://localhost:" + databasePort + "/postgres");
            environment.put("FLOWMETER_DB_USER", "postgres");
            environment.put("FLOWMETER_DEMO_SEED", "false");
            environment.put("FLOWMETER_DATA_DIR", dir.resolve("worker-" + (workers.size() + i) + "-data").toString());
            environment.putAll(extra);
            var worker = new AppProcess(dir.resolve("worker-" + (workers.size() + i)), freePort(), environment);
            worker.start();
            started.add(worker);
        }
        for (AppProcess worker : started) {
            worker.awaitReady(Duration.ofSeconds(180));
        }
        workers.addAll(started);
        return started;
    }

    /** The shared database as its owner sees it (every tenant's rows, JobRunr's tables). */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + databasePort + "/postgres";
    }

    public AppProcess web() {
        return web;
    }

    public List<AppProcess> workers() {
        return workers;
    }

    /** Stops the workers, then the web node (and its database). */
    @Override
    public void close() {
        workers.forEach(AppProcess::close);
        if (web != null) {
            web.close();
        }
    }

    public static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
