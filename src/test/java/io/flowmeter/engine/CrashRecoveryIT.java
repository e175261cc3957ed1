package io.flowmeter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash test: a real Flowmeter JVM runs workflows whose steps call a service here; it is killed with
 * SIGKILL mid-run, a new JVM starts on the same data, and every run must finish with every step's effect
 * applied exactly once (the service honours idempotency keys, as Stripe does) and no step left running.
 */
class CrashRecoveryIT {

    static final String KEY = "fmk_crash-test-key-0123456789abcdef";
    static final int RUNS = 12;
    static final int STEPS = 5;

    @TempDir
    Path dataDir;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    final Map<String, String> appliedByKey = new ConcurrentHashMap<>();
    final Set<String> effects = ConcurrentHashMap.newKeySet();
    final AtomicInteger duplicateEffects = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    HttpServer service;
    Process app;
    int port;

    @AfterEach
    void stop() throws Exception {
        if (app != null && System.getProperty("crash.keep") != null) {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
            new ProcessBuilder("cp", "-a", dataDir.toString(), System.getProperty("crash.keep")).inheritIO().start().waitFor();
        }
        if (app != null) {
            app.destroyForcibly();
        }
        if (service != null) {
            service.stop(0);
        }
    }

    @Test
    void killedMidRunEveryRunCompletesAndNoEffectIsAppliedTwice() throws Exception {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(16));
        service.createContext("/effect", exchange -> {
            requests.incrementAndGet();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            String what = exchange.getRequestURI().getQuery();
            sleep(150);
            if (appliedByKey.putIfAbsent(key, what) == null && !effects.add(what)) {
                duplicateEffects.incrementAndGet(); // the same step's effect under a second key
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] body = "{\"ok\": true}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.start();
        port = freePort();

        app = startApp();
        awaitReady();
        String workflowId = createWorkflow();
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runIds.add(body(call("POST", "/api/v1/workflows/" + workflowId + "/runs", "{\"n\": " + i + "}")).get("runId").asText());
        }
        // let the runs get going, then pull the plug mid-step
        Instant deadline = Instant.now().plusSeconds(20);
        while (requests.get() < RUNS && Instant.now().isBefore(deadline)) {
            sleep(20);
        }
        sleep(300);
        app.destroyForcibly();
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int before = effects.size();
        assertThat(before).as("work done before the crash").isLessThan(RUNS * STEPS);

        app = startApp();
        awaitReady();
        Map<String, String> statuses = new HashMap<>();
        deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            statuses.clear();
            for (String runId : runIds) {
                statuses.put(runId, body(call("GET", "/api/v1/runs/" + runId, null)).get("run").get("status").asText());
            }
            if (statuses.values().stream().allMatch("SUCCEEDED"::equals)) {
                break;
            }
            sleep(500);
        }
        String stuck = statuses.entrySet().stream().filter(e -> !e.getValue().equals("SUCCEEDED")).map(e -> e.getKey()).findFirst().orElse(null);
        assertThat(statuses.values()).as("run statuses after restart; one of them: %s",
                stuck == null ? "" : call("GET", "/api/v1/runs/" + stuck, null).body()).containsOnly("SUCCEEDED");
        assertThat(effects).hasSize(RUNS * STEPS);
        assertThat(duplicateEffects.get()).as("effects applied twice").isZero();
        for (String runId : runIds) {
            JsonNode run = body(call("GET", "/api/v1/runs/" + runId, null));
            for (JsonNode step : run.get("steps")) {
                assertThat(step.get("status").asText()).as(runId + "/" + step.get("nodeId").asText()).isEqualTo("SUCCEEDED");
            }
        }
    }

    private String createWorkflow() throws Exception {
        StringBuilder nodes = new StringBuilder("{\"id\": \"start\", \"type\": \"trigger.manual\"}");
        StringBuilder edges = new StringBuilder();
        String previous = "start";
        for (int i = 1; i <= STEPS; i++) {
            nodes.append(", {\"id\": \"s").append(i).append("\", \"type\": \"http.request\", \"params\": {\"method\": \"POST\", \"url\": \"http://127.0.0.1:")
                    .append(service.getAddress().getPort()).append("/effect?run={{run.id}}&step=s").append(i).append("\"}}");
            edges.append(edges.length() == 0 ? "" : ", ").append("{\"from\": \"").append(previous).append("\", \"to\": \"s").append(i).append("\"}");
            previous = "s" + i;
        }
        String definition = "{\"name\": \"crash\", \"nodes\": [" + nodes + "], \"edges\": [" + edges + "]}";
        var created = call("POST", "/api/v1/workflows", definition);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = body(created).get("id").asText();
        assertThat(call("POST", "/api/v1/workflows/" + id + "/publish", null).statusCode()).isEqualTo(201);
        return id;
    }

    private Process startApp() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = dataDir.resolveSibling(dataDir.getFileName() + "-app.log").toFile();
        var builder = new ProcessBuilder(java, "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-Duser.home=" + System.getProperty("user.home"),
                "-Dvaadin.project.basedir=" + System.getProperty("user.dir"),
                "io.flowmeter.FlowmeterApplication");
        builder.environment().put("FLOWMETER_DATA_DIR", dataDir.toString());
        builder.environment().put("FLOWMETER_PORT", String.valueOf(port));
        builder.environment().put("FLOWMETER_JOBS_DASHBOARD_PORT", "0");
        builder.environment().put("FLOWMETER_DEMO_API_KEY", KEY);
        builder.environment().put("FLOWMETER_DEMO_SEED", "true");
        builder.directory(dataDir.getParent().toFile()); // not the project folder, whose db/ would shadow the classpath's
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        return builder.start();
    }

    private void awaitReady() throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            assertThat(app.isAlive()).as("the app process is running").isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            sleep(200);
        }
        throw new AssertionError("the app did not become ready");
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
