package io.flowmeter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowmeter.support.AppProcess;
import io.flowmeter.support.EffectService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash test: a real Flowmeter JVM runs workflows whose steps call a service here; it is killed with
 * SIGKILL mid-run, a new JVM starts on the same data, and every run must finish with every step's effect
 * applied exactly once (the service honours idempotency keys, as Stripe does) and no step left running.
 */
class CrashRecoveryIT {

    static final int RUNS = 12;
    static final int STEPS = 5;

    @TempDir
    Path dir;

    EffectService service;
    AppProcess app;

    @AfterEach
    void stop() throws Exception {
        if (app != null && System.getProperty("crash.keep") != null) {
            app.close();
            new ProcessBuilder("cp", "-a", dir.toString(), System.getProperty("crash.keep")).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
        if (app != null) {
            app.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void killedMidRunEveryRunCompletesAndNoEffectIsAppliedTwice() throws Exception {
        service = new EffectService();
        int port = freePort();
        Map<String, String> environment = Map.of("FLOWMETER_DATA_DIR", dir.resolve("data").toString());
        app = new AppProcess(dir.resolve("app"), port, environment);
        app.start();
        app.awaitReady(Duration.ofSeconds(90));
        String workflowId = app.publish(definition());
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            var started = app.call("POST", "/api/v1/workflows/" + workflowId + "/runs", "{\"n\": " + i + "}");
            runIds.add(app.body(started).get("runId").asText());
        }
        // let the runs get going, then pull the plug mid-step
        Instant deadline = Instant.now().plusSeconds(20);
        while (service.calls().size() < RUNS && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        app.kill();
        int before = service.effects().size();
        assertThat(before).as("work done before the crash").isLessThan(RUNS * STEPS);

        app = new AppProcess(dir.resolve("app"), port, environment);
        app.start();
        app.awaitReady(Duration.ofSeconds(90));
        Map<String, String> statuses = new HashMap<>();
        deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            statuses.clear();
            for (String runId : runIds) {
                statuses.put(runId, app.runStatus(runId));
            }
            if (statuses.values().stream().allMatch("SUCCEEDED"::equals)) {
                break;
            }
            Thread.sleep(500);
        }
        String stuck = statuses.entrySet().stream().filter(e -> !e.getValue().equals("SUCCEEDED")).map(Map.Entry::getKey).findFirst().orElse(null);
        assertThat(statuses.values()).as("run statuses after restart; one of them: %s",
                stuck == null ? "" : app.call("GET", "/api/v1/runs/" + stuck, null).body()).containsOnly("SUCCEEDED");
        assertThat(service.effects()).hasSize(RUNS * STEPS);
        assertThat(service.duplicateEffects()).as("effects applied twice").isZero();
        for (String runId : runIds) {
            JsonNode run = app.body(app.call("GET", "/api/v1/runs/" + runId, null));
            for (JsonNode step : run.get("steps")) {
                assertThat(step.get("status").asText()).as(runId + "/" + step.get("nodeId").asText()).isEqualTo("SUCCEEDED");
            }
        }
    }

    private String definition() {
        StringBuilder nodes = new StringBuilder("{\"id\": \"start\", \"type\": \"trigger.manual\"}");
        StringBuilder edges = new StringBuilder();
        String previous = "start";
        for (int i = 1; i <= STEPS; i++) {
            nodes.append(", {\"id\": \"s").append(i).append("\", \"type\": \"http.request\", \"params\": {\"method\": \"POST\", \"url\": \"")
                    .append(service.url("run={{run.id}}&step=s" + i + "&ms=150")).append("\"}}");
            edges.append(edges.length() == 0 ? "" : ", ").append("{\"from\": \"").append(previous).append("\", \"to\": \"s").append(i).append("\"}");
            previous = "s" + i;
        }
        return "{\"name\": \"crash\", \"nodes\": [" + nodes + "], \"edges\": [" + edges + "]}";
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
