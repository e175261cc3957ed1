package io.flowmeter.engine;

import io.flowmeter.database.EmbeddedPostgresServer;
import io.flowmeter.support.AppProcess;
import io.flowmeter.support.EffectService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database outage test: a real Flowmeter JVM runs workflows (steps that call a service here, a delay, a retry)
 * against a PostgreSQL this test owns; mid-run that PostgreSQL is killed with SIGKILL and kept down past the point
 * where JobRunr's job server gives up, then started again on the same data directory and port, as an external
 * server that restarts or fails over would be. Meanwhile the API and webhooks must answer 503 problem+json with
 * {@code Retry-After}, readiness must go DOWN (and liveness stay UP: the node heals itself); afterwards every run
 * started before, during (in flight) and after the outage must finish with each effect applied once, and webhook
 * deliveries waiting in the inbox must become runs.
 */
class DatabaseOutageIT {

    static final int RUNS_BEFORE = 8;
    static final int RUNS_AFTER = 4;
    static final int QUEUED_DELIVERIES = 3;
    static final int DELIVERIES_AFTER = 2;

    @TempDir
    Path dir;

    EffectService service;
    EmbeddedPostgresServer database;
    AppProcess app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (database != null) {
            database.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theEngineApiAndInboxComeBackByThemselvesAfterTheDatabaseWasKilledAndNothingIsLostOrDoneTwice() throws Exception {
        service = new EffectService();
        Path data = dir.resolve("db");
        int dbPort = freePort();
        database = EmbeddedPostgresServer.start(data, dbPort);
        app = new AppProcess(dir.resolve("app"), freePort(), Map.of(
                "FLOWMETER_DB_URL", database.jdbcUrl(), "FLOWMETER_DB_USER", "postgres",
                "FLOWMETER_DB_PLATFORM_PASSWORD", "platform-" + UUID.randomUUID()));
        app.start();
        app.awaitReady(Duration.ofSeconds(120));

        String chain = app.publish("""
                {"name": "chain", "nodes": [
                  {"id": "start", "type": "trigger.manual"},
                  {"id": "a", "type": "http.request", "params": {"method": "POST", "url": "%s"}},
                  {"id": "wait", "type": "core.delay", "params": {"duration": "PT4S"}},
                  {"id": "b", "type": "http.request", "params": {"method": "POST", "url": "%s"},
                   "retry": {"maxAttempts": 5, "initialDelayMs": 2000}},
                  {"id": "c", "type": "http.request", "params": {"method": "POST", "url": "%s"}}],
                 "edges": [{"from": "start", "to": "a"}, {"from": "a", "to": "wait"}, {"from": "wait", "to": "b"}, {"from": "b", "to": "c"}]}
                """.formatted(service.url("run={{run.id}}&step=a&ms=300"), service.url("run={{run.id}}&step=b&flaky=1"),
                service.url("run={{run.id}}&step=c")));
        String hooked = app.publish("""
                {"name": "hooked", "nodes": [
                  {"id": "start", "type": "trigger.webhook", "params": {"whenPaused": "queue"}},
                  {"id": "e", "type": "http.request", "params": {"method": "POST", "url": "%s"}}],
                 "edges": [{"from": "start", "to": "e"}]}
                """.formatted(service.url("run={{run.id}}&step=e")));
        String hook = app.body(app.call("GET", "/api/v1/workflows/" + hooked + "/webhook", null)).get("url").asText();

        // deliveries accepted while the workflow is paused wait in the inbox, across the outage
        List<String> runs = new ArrayList<>();
        assertThat(app.call("POST", "/api/v1/workflows/" + hooked + "/pause", null).statusCode()).isEqualTo(200);
        for (int i = 0; i < QUEUED_DELIVERIES; i++) {
            var queued = app.post(hook, "{\"queued\": " + i + "}");
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            runs.add(app.body(queued).get("runId").asText());
        }
        // runs in every state when the database goes: in the delay, in a retry's backoff, mid-call
        for (int i = 0; i < RUNS_BEFORE; i++) {
            runs.add(startRun(chain, i));
            if (i == RUNS_BEFORE / 2 - 1) {
                Thread.sleep(4_500);
            }
        }
        Thread.sleep(500);
        int effectsBefore = service.effects().size();

        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        new ProcessBuilder("kill", "-KILL", Long.toString(postmaster)).inheritIO().start().waitFor();
        database.close(); // only releases its hold on the data directory: the server is already dead
        long down = System.nanoTime();

        Double notReadyAfter = null;
        boolean refusalsChecked = false;
        while (true) {
            double elapsed = seconds(System.nanoTime() - down);
            assertThat(app.get("/actuator/health/liveness").statusCode()).as("liveness during the outage").isEqualTo(200);
            if (notReadyAfter == null && app.get("/actuator/health/readiness").statusCode() == 503) {
                notReadyAfter = elapsed;
            }
            if (notReadyAfter != null && !refusalsChecked) {
                assertServiceUnavailable(app.call("POST", "/api/v1/workflows/" + chain + "/runs", "{}"));
                assertServiceUnavailable(app.call("GET", "/api/v1/runs/" + runs.get(0), null));
                assertServiceUnavailable(app.post(hook, "{\"during\": true}"));
                refusalsChecked = true;
            }
            boolean jobServerGaveUp = app.logText().contains("Shutting down");
            if ((jobServerGaveUp && elapsed >= 20) || elapsed > 45) {
                assertThat(jobServerGaveUp).as("JobRunr's job server stopped itself during the outage (the case under test)").isTrue();
                break;
            }
            Thread.sleep(250);
        }
        assertThat(notReadyAfter).as("seconds until readiness said DOWN").isNotNull().isLessThanOrEqualTo(5.0);
        assertThat(refusalsChecked).isTrue();

        database = EmbeddedPostgresServer.start(data, dbPort);
        long up = System.nanoTime();
        app.awaitReady(Duration.ofSeconds(10));
        assertThat(app.call("POST", "/api/v1/workflows/" + hooked + "/resume", null).statusCode()).isEqualTo(200);
        for (int i = 0; i < RUNS_AFTER; i++) {
            runs.add(startRun(chain, 100 + i));
        }
        for (int i = 0; i < DELIVERIES_AFTER; i++) {
            var accepted = app.post(hook, "{\"after\": " + i + "}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            runs.add(app.body(accepted).get("runId").asText());
        }

        Map<String, String> statuses = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (String run : runs) {
                statuses.put(run, app.runStatus(run));
            }
            if (statuses.values().stream().allMatch("SUCCEEDED"::equals)) {
                break;
            }
            Thread.sleep(500);
        }
        String stuck = statuses.entrySet().stream().filter(e -> !"SUCCEEDED".equals(e.getValue())).map(Map.Entry::getKey).findFirst().orElse(null);
        assertThat(statuses.values()).as("run statuses; one of them: %s; log: %s",
                stuck == null ? "" : app.call("GET", "/api/v1/runs/" + stuck, null).body(), app.log()).containsOnly("SUCCEEDED");
        assertThat(effectsBefore).as("effects before the outage").isLessThan((RUNS_BEFORE) * 3);
        assertThat(service.effects()).hasSize((RUNS_BEFORE + RUNS_AFTER) * 3 + QUEUED_DELIVERIES + DELIVERIES_AFTER);
        assertThat(service.duplicateEffects()).as("effects applied twice").isZero();
        double firstStepAfter = service.calls().stream().filter(c -> c.atNanos() > up).mapToLong(c -> c.atNanos() - up).min()
                .stream().mapToDouble(DatabaseOutageIT::seconds).findFirst().orElse(Double.NaN);
        assertThat(firstStepAfter).as("seconds from the database's return to the first step running").isLessThanOrEqualTo(30.0);
        assertThat(app.logText()).contains("started it again");
    }

    private String startRun(String workflow, int n) throws Exception {
        var started = app.call("POST", "/api/v1/workflows/" + workflow + "/runs", "{\"n\": " + n + "}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return app.body(started).get("runId").asText();
    }

    private void assertServiceUnavailable(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(app.body(response).get("type").asText()).endsWith("/database-unavailable");
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
