package io.flowmeter.bench;

import io.flowmeter.database.EmbeddedPostgresServer;
import io.flowmeter.support.AppProcess;
import io.flowmeter.support.EffectService;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long work waits after the faults of an outage sweep, on real processes: (1) the app's JVM killed with SIGKILL
 * mid-step and started again at once (the orphaned steps: mid-call, and a delay that fell due while it was dead);
 * (2) its embedded PostgreSQL killed with SIGKILL (the app starts it again); (3) an external PostgreSQL killed and
 * kept down past the point where JobRunr's job server gives up, then started again. Each figure is measured from
 * the fault (or the database's return) to the step's call reaching a service here; every effect must be applied
 * once. Prints its figures and the machine; run with {@code bench/outage.sh}. The apps' logs stay in
 * {@code target/outage-benchmark/}.
 */
class OutageBenchmark {

    static final int RUNS = 5;
    static final int TRIALS = Integer.getInteger("bench.trials", 3);
    static final int OUTAGE_SECONDS = Integer.getInteger("bench.outage-seconds", 20);

    /** Kept after the run: each app's log is in its folder. */
    final Path dir = Path.of("target", "outage-benchmark").toAbsolutePath();

    @Test
    void outageRecoveryTimes() throws Exception {
        org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        var out = new StringBuilder("== Flowmeter outage benchmark\n").append(Machine.describe()).append('\n');
        List<Double> orphanMax = new ArrayList<>();
        List<Double> delayMax = new ArrayList<>();
        List<Double> restartReady = new ArrayList<>();
        List<Double> orphanAfterReady = new ArrayList<>();
        List<Double> embeddedFirstStep = new ArrayList<>();
        List<Double> embeddedAllSteps = new ArrayList<>();
        List<Double> externalFirstStep = new ArrayList<>();
        int duplicates = 0;

        try (var service = new EffectService()) {
            Path data = dir.resolve("embedded");
            int appPort = freePort();
            Map<String, String> embedded = Map.of("FLOWMETER_DATA_DIR", data.toString(), "FLOWMETER_DB_PORT", String.valueOf(freePort()));
            AppProcess app = new AppProcess(dir.resolve("app-embedded"), appPort, embedded);
            try {
                app.start();
                app.awaitReady(Duration.ofSeconds(120));
                String slow = app.publish(chain("slow", service, "ms=3000"));
                String quick = app.publish(chain("quick", service, "ms=1000"));
                String delayed = app.publish("""
                        {"name": "delayed", "nodes": [{"id": "start", "type": "trigger.manual"},
                          {"id": "wait", "type": "core.delay", "params": {"duration": "PT8S"}},
                          {"id": "d", "type": "http.request", "params": {"method": "POST", "url": "%s"}}],
                         "edges": [{"from": "start", "to": "wait"}, {"from": "wait", "to": "d"}]}
                        """.formatted(service.url("run={{run.id}}&step=d")));
                List<String> runs = new ArrayList<>();
                for (int trial = 0; trial < TRIALS; trial++) {
                    // (1) the node killed mid-step, started again at once
                    List<String> delayRuns = start(app, delayed, RUNS);
                    Thread.sleep(1_000); // their delays have begun: due 8 s from now, while the node is dead
                    List<String> slowRuns = start(app, slow, RUNS);
                    runs.addAll(slowRuns);
                    runs.addAll(delayRuns);
                    awaitCalls(service, slowRuns, "step=a", RUNS);
                    app.kill();
                    long killed = System.nanoTime();
                    app = new AppProcess(dir.resolve("app-embedded"), appPort, embedded);
                    app.start();
                    app.awaitReady(Duration.ofSeconds(120));
                    long ready = System.nanoTime();
                    restartReady.add(seconds(ready - killed));
                    long orphan = awaitCalls(service, slowRuns, "step=a", RUNS, killed);
                    orphanMax.add(seconds(orphan));
                    orphanAfterReady.add(seconds(orphan - (ready - killed)));
                    delayMax.add(seconds(awaitCalls(service, delayRuns, "step=d", RUNS, killed)));

                    // (2) the embedded PostgreSQL killed while steps are mid-call: their outcomes need it back
                    List<String> more = start(app, quick, RUNS);
                    runs.addAll(more);
                    awaitCalls(service, more, "step=a", RUNS);
                    long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
                    new ProcessBuilder("kill", "-KILL", Long.toString(postmaster)).inheritIO().start().waitFor();
                    long dbKilled = System.nanoTime();
                    embeddedFirstStep.add(seconds(awaitCalls(service, more, "step=b", 1, dbKilled)));
                    embeddedAllSteps.add(seconds(awaitCalls(service, more, "step=b", RUNS, dbKilled)));
                }
                awaitFinished(app, runs);
            } finally {
                app.close();
            }
            duplicates += service.duplicateEffects();
        }

        try (var service = new EffectService()) {
            // (3) an external PostgreSQL killed, kept down, started again on the same data and port
            Path data = dir.resolve("external");
            int dbPort = freePort();
            var database = EmbeddedPostgresServer.start(data, dbPort);
            var app = new AppProcess(dir.resolve("app-external"), freePort(), Map.of(
                    "FLOWMETER_DB_URL", database.jdbcUrl(), "FLOWMETER_DB_USER", "postgres",
                "FLOWMETER_DB_PLATFORM_PASSWORD", "platform-" + UUID.randomUUID()));
            try {
                app.start();
                app.awaitReady(Duration.ofSeconds(120));
                String delayed = app.publish("""
                        {"name": "delayed", "nodes": [{"id": "start", "type": "trigger.manual"},
                          {"id": "wait", "type": "core.delay", "params": {"duration": "PT%dS"}},
                          {"id": "d", "type": "http.request", "params": {"method": "POST", "url": "%s"}}],
                         "edges": [{"from": "start", "to": "wait"}, {"from": "wait", "to": "d"}]}
                        """.formatted(OUTAGE_SECONDS / 2, service.url("run={{run.id}}&step=d")));
                List<String> runs = new ArrayList<>();
                for (int trial = 0; trial < TRIALS; trial++) {
                    List<String> trialRuns = start(app, delayed, RUNS);
                    runs.addAll(trialRuns);
                    long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
                    new ProcessBuilder("kill", "-KILL", Long.toString(postmaster)).inheritIO().start().waitFor();
                    database.close();
                    Thread.sleep(OUTAGE_SECONDS * 1000L);
                    database = EmbeddedPostgresServer.start(data, dbPort);
                    long up = System.nanoTime();
                    externalFirstStep.add(seconds(awaitCalls(service, trialRuns, "step=d", 1, up)));
                    awaitCalls(service, trialRuns, "step=d", RUNS);
                    app.awaitReady(Duration.ofSeconds(30));
                }
                awaitFinished(app, runs);
                assertThat(app.logText()).as("JobRunr's job server stopped in the outages and was started again").contains("started it again");
            } finally {
                app.close();
                database.close();
            }
            duplicates += service.duplicateEffects();
        }

        out.append(String.format("(1) app JVM killed (kill -9) mid-step and started again at once, %d trials of %d mid-call steps and %d delays due while it was dead%n",
                TRIALS, RUNS, RUNS));
        out.append("    kill -9 -> app ready again:               ").append(format(restartReady)).append('\n');
        out.append("    kill -9 -> orphaned step running again:   ").append(format(orphanMax)).append("  (the last of the trial's mid-call steps)\n");
        out.append("    app ready -> orphaned step running again: ").append(format(orphanAfterReady)).append('\n');
        out.append("    kill -9 -> overdue delay's step running:  ").append(format(delayMax)).append("  (the last of the trial's delays, due 7 s after the kill)\n");
        out.append(String.format("(2) embedded PostgreSQL killed (kill -9) while %d steps are mid-call, restarted by the app%n", RUNS));
        out.append("    kill -9 -> first next step running:       ").append(format(embeddedFirstStep)).append('\n');
        out.append("    kill -9 -> last next step running:        ").append(format(embeddedAllSteps)).append('\n');
        out.append(String.format("(3) external PostgreSQL killed (kill -9), down %d s (JobRunr's job server stops itself), started again%n", OUTAGE_SECONDS));
        out.append("    database back -> first step running:      ").append(format(externalFirstStep)).append('\n');
        out.append("effects applied twice: ").append(duplicates).append('\n');
        Path report = Path.of("target", "outage-benchmark.txt");
        Files.writeString(report, out.toString());
        System.out.print(out);
        assertThat(duplicates).isZero();
    }

    private static String chain(String name, EffectService service, String slowness) {
        return """
                {"name": "%s", "nodes": [{"id": "start", "type": "trigger.manual"},
                  {"id": "a", "type": "http.request", "params": {"method": "POST", "url": "%s"}, "timeoutMs": 60000},
                  {"id": "b", "type": "http.request", "params": {"method": "POST", "url": "%s"}}],
                 "edges": [{"from": "start", "to": "a"}, {"from": "a", "to": "b"}]}
                """.formatted(name, service.url("run={{run.id}}&step=a&" + slowness), service.url("run={{run.id}}&step=b"));
    }

    private static List<String> start(AppProcess app, String workflow, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var started = app.call("POST", "/api/v1/workflows/" + workflow + "/runs", "{}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            ids.add(app.body(started).get("runId").asText());
        }
        return ids;
    }

    /** Waits for {@code count} calls of the runs' {@code step} after {@code since}; returns nanos from then to the last of them. */
    private static long awaitCalls(EffectService service, List<String> runs, String step, int count, long since) throws Exception {
        Set<String> wanted = runs.stream().map(r -> "run=" + r + "&" + step).collect(Collectors.toSet());
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            List<Long> after = service.calls().stream().filter(c -> wanted.contains(c.what()) && c.atNanos() > since)
                    .map(EffectService.Call::atNanos).sorted().toList();
            if (after.size() >= count) {
                return after.get(count - 1) - since;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(count + " calls of " + step + " did not arrive");
    }

    private static void awaitCalls(EffectService service, List<String> runs, String step, int count) throws Exception {
        awaitCalls(service, runs, step, count, Long.MIN_VALUE);
    }

    private static void awaitFinished(AppProcess app, List<String> runs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (String run : runs) {
            while (!app.runStatus(run).equals("SUCCEEDED")) {
                assertThat(System.nanoTime()).as("run " + run + " finished").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static String format(List<Double> seconds) {
        var sorted = seconds.stream().sorted().toList();
        return sorted.stream().map(s -> String.format("%.1f s", s)).collect(Collectors.joining(", "))
                + String.format("  (max %.1f s)", sorted.get(sorted.size() - 1));
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
