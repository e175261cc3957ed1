package io.flowmeter.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Flowmeter JVM started from the test classpath on a port of its own, for tests that kill it or take its
 * database away: what happens to a process, not to a Spring context in the test JVM. It has a tenant API key
 * ({@link #KEY}) through the demo seed; its output goes to {@link #log()}.
 */
public final class AppProcess implements AutoCloseable {

    public static final String KEY = "fmk_outage-test-key-0123456789abcdef";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Path workDir;
    private final int port;
    private final Map<String, String> environment;
    private Process process;

    /** @param environment FLOWMETER_* settings on top of the port, the key and the demo seed */
    public AppProcess(Path workDir, int port, Map<String, String> environment) {
        this.workDir = workDir;
        this.port = port;
        this.environment = environment;
    }

    public void start() throws IOException {
        Files.createDirectories(workDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder(java, "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-Duser.home=" + System.getProperty("user.home"),
                "-Dvaadin.project.basedir=" + System.getProperty("user.dir"),
                "io.flowmeter.FlowmeterApplication");
        builder.environment().put("FLOWMETER_JOBS_DASHBOARD_PORT", "0");
        builder.environment().put("FLOWMETER_DEMO_API_KEY", KEY);
        builder.environment().put("FLOWMETER_DEMO_SEED", "true");
        builder.environment().putAll(environment); // may turn the seed off (a second node of a cluster)
        builder.environment().put("FLOWMETER_PORT", String.valueOf(port));
        builder.directory(workDir.toFile()); // not the project folder, whose db/ would shadow the classpath's
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        process = builder.start();
    }

    /** The last lines of the process's output (the folder may be gone by the time someone reads a failure). */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log());
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public Path log() {
        return workDir.resolve("app.log");
    }

    public String logText() throws IOException {
        return Files.readString(log());
    }

    public void awaitReady(Duration timeout) throws Exception {
        awaitReady(timeout, uri("/actuator/health/readiness"));
    }

    /** Waits until {@code readiness} (on a management port of its own, say) answers 200. */
    public void awaitReady(Duration timeout, URI readiness) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the app process exited; the end of its log:\n" + logTail(40));
            }
            try {
                if (send(HttpRequest.newBuilder(readiness).GET()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the app did not become ready; the end of its log:\n" + logTail(40));
    }

    /** SIGKILL: no shutdown hook, no clean stop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the app process did not die");
        }
    }

    /** SIGTERM, then waits for the process to exit; answers its exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the app process did not stop within " + timeout + "; see " + log());
        }
        return process.exitValue();
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** An API call with the tenant key. */
    public HttpResponse<String> call(String method, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A request without credentials (health, webhooks). */
    public HttpResponse<String> post(String url, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public JsonNode body(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    /** Creates and publishes a workflow; returns its id. */
    public String publish(String definition) throws Exception {
        var created = call("POST", "/api/v1/workflows", definition);
        if (created.statusCode() != 201) {
            throw new AssertionError("workflow not created: " + created.body());
        }
        String id = body(created).get("id").asText();
        var published = call("POST", "/api/v1/workflows/" + id + "/publish", null);
        if (published.statusCode() != 201) {
            throw new AssertionError("workflow not published: " + published.body());
        }
        return id;
    }

    public String runStatus(String runId) throws Exception {
        return body(call("GET", "/api/v1/runs/" + runId, null)).at("/run/status").asText();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A clean stop (SIGTERM), so that an embedded PostgreSQL is stopped with the app rather than left running. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
