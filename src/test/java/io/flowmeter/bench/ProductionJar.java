package io.flowmeter.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The production jar as users run it ({@code java -jar}, embedded PostgreSQL with fsync on, the demo seed), started as a
 * process of its own on a fresh data directory, with the demo tenant's API key set. A benchmark drives it over HTTP and reads
 * its database as PostgreSQL's superuser (for {@code pg_stat_*}, never through the app's roles).
 */
final class ProductionJar implements AutoCloseable {

    static final String API_KEY = "fmk_benchmark-key-0123456789abcdef";

    final Path home;
    final int port;
    final int databasePort;
    private final Process process;

    private ProductionJar(Path home, int port, int databasePort, Process process) {
        this.home = home;
        this.port = port;
        this.databasePort = databasePort;
        this.process = process;
    }

    /**
     * Starts {@code jar} in {@code home} (emptied first) with {@code jvmArgs} and waits until it is ready.
     *
     * @param settings extra PostgreSQL settings of the embedded server
     */
    static ProductionJar start(Path jar, Path home, List<String> jvmArgs, Map<String, String> settings) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No production jar at " + jar + ": build it with ./mvnw -Pproduction -DskipTests package");
        }
        deleteTree(home);
        Files.createDirectories(home);
        int port = freePort();
        int databasePort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Duser.home=" + home.toAbsolutePath());
        settings.forEach((name, value) -> command.add("-Dflowmeter.db.embedded.settings." + name + "=" + value));
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("app.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("FLOWMETER_DATA_DIR", home.resolve("data").toAbsolutePath().toString());
        env.put("FLOWMETER_PORT", String.valueOf(port));
        env.put("FLOWMETER_DB_PORT", String.valueOf(databasePort));
        env.put("FLOWMETER_JOBS_DASHBOARD_PORT", "0");
        env.put("FLOWMETER_DEMO_API_KEY", API_KEY);
        env.put("FLOWMETER_MASTER_KEY_FILE", home.resolve("master.key").toAbsolutePath().toString());
        Process process = builder.start();
        ProductionJar app = new ProductionJar(home, port, databasePort, process);
        app.awaitReady(Duration.ofMinutes(3));
        return app;
    }

    long pid() {
        return process.pid();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The embedded PostgreSQL's postmaster (its children are the backends and background workers). */
    long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(home.resolve("data").resolve("postmaster.pid")).get(0).strip());
    }

    /** A connection as the database's superuser (the embedded server trusts local connections). */
    Connection superuser() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + databasePort + "/postgres", "postgres", "");
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The app exited with " + process.exitValue() + "; see " + home.resolve("app.log"));
            }
            try {
                var response = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The app was not ready within " + timeout + "; see " + home.resolve("app.log"));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
