package io.flowmeter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.flowmeter.bench.Figures.ms;
import static io.flowmeter.bench.Figures.pct;

/**
 * The engine benchmark on the path users take (not part of the test gate; run it with {@code bench/http.sh}): the
 * production jar in a process of its own, driven over HTTP by this one. It measures what a step costs in CPU (the JVM's
 * and PostgreSQL's, from {@code /proc}), in statements and in commits (from {@code pg_stat_statements} and
 * {@code pg_stat_database}) under an open-loop load of REST-started runs counted from their due times, next to the raw
 * PostgreSQL insert ceiling measured in the same run; then the latency of single runs and the CPU of one authenticated
 * request. With {@code -Dbench.jfr=true} a JFR profile of the app during the sustained load is summarised too.
 */
class HttpEngineBenchmark {

    private static final String BENCH = "/* bench */ ";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final StringBuilder out = new StringBuilder();
    private ProductionJar app;
    private Connection db;

    @Test
    void benchmark() throws Exception {
        Path jar = Path.of(System.getProperty("bench.jar", "target/flowmeter-0.1.0-SNAPSHOT.jar"));
        int rate = Integer.getInteger("bench.rate", 150);
        int seconds = Integer.getInteger("bench.seconds", 30);
        List<String> jvmArgs = new ArrayList<>(Arrays.stream(System.getProperty("bench.jvm-args", "").split(" ")).filter(a -> !a.isBlank()).toList());
        if (Boolean.getBoolean("bench.jfr")) {
            jvmArgs.add("-XX:FlightRecorderOptions:stackdepth=512"); // Spring's request stacks are deeper than JFR's default 64 frames
        }
        line("== Flowmeter engine benchmark over HTTP (the production jar: " + jar.getFileName() + ")");
        line(Machine.describe());
        line(String.format("load average before starting: %s", Files.readString(Path.of("/proc/loadavg")).strip()));
        try (ProductionJar started = ProductionJar.start(jar, Path.of("target", "http-bench"), jvmArgs,
                Map.of("shared_preload_libraries", "pg_stat_statements"));
             Connection connection = started.superuser()) {
            app = started;
            db = connection;
            setUp();
            String experiment = System.getProperty("bench.sql-file", "");
            if (!experiment.isBlank()) { // e.g. a schema change to try before making it a changeset
                execute(Files.readString(Path.of(experiment)));
                line("ran " + experiment + " as the superuser before the load");
            }
            UUID three = publish(Figures.chain(3));
            UUID ten = publish(Figures.chain(10));

            // warm-up: JIT, caches, pools
            int warmUp = Integer.getInteger("bench.warmup-seconds", 60);
            if (warmUp > 0) {
                // at a rate near the load's: at 50 runs/s the JIT was still compiling the load's paths during its window (a
                // tenth of the JVM's CPU in its compiler threads)
                var warm = OpenLoopLoad.run(app.uri("/api/v1/workflows/" + three + "/runs"), "{}", authorization(),
                        Integer.getInteger("bench.warmup-rate", 300), warmUp, 16);
                awaitFinished(runIds(warm), Duration.ofSeconds(60));
            }

            double rawInserts = rawInsertsPerSecond(16, Duration.ofSeconds(10));
            line(String.format("(6) raw PostgreSQL ceiling: %.0f single-row committed inserts/s (16 connections, fsync on)", rawInserts));

            sustained(three, rate, seconds, rawInserts);
            Thread.sleep(3_000);
            singleRuns(ten);
            requestCost();
        }
    }

    // ---------------------------------------------------------------- phases

    /** (3) An open-loop load of REST-started 3-step runs, and what each step cost. */
    private void sustained(UUID workflow, int rate, int seconds, double rawInserts) throws Exception {
        boolean profile = Boolean.getBoolean("bench.jfr");
        Path recording = app.home.resolve("sustained.jfr").toAbsolutePath();
        execute("select pg_stat_statements_reset()");
        Map<String, Double> threadsBefore = ProcessCpu.threads(app.pid());
        Map<String, Double> pgBefore = ProcessCpu.treeByKind(app.postmasterPid());
        double loaderBefore = ProcessCpu.seconds(ProcessHandle.current().pid());
        Snapshot before = snapshot();
        if (profile) {
            // CPU samples only, all the summary reads. JFR doubles the JVM's CPU per step here whether with its
            // "profile" settings or with these (a C2 compiler thread stays busy meanwhile): read its shares, not its costs
            Path settings = app.home.resolve("cpu-samples.jfc");
            Files.writeString(settings, """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <configuration version="2.0" label="CPU samples">
                      <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
                    </configuration>
                    """);
            jcmd("JFR.start", "name=bench", "settings=" + settings.toAbsolutePath(), "filename=" + recording);
        }
        var load = OpenLoopLoad.run(app.uri("/api/v1/workflows/" + workflow + "/runs"), "{}", authorization(), rate, seconds, 16);
        Instant loadEnd = Instant.now();
        List<UUID> ids = runIds(load);
        int polls = awaitFinished(ids, Duration.ofSeconds(15));
        Snapshot after = snapshot();
        Map<String, Double> threadsAfter = ProcessCpu.threads(app.pid());
        Map<String, Double> pgAfter = ProcessCpu.treeByKind(app.postmasterPid());
        double loader = ProcessCpu.seconds(ProcessHandle.current().pid()) - loaderBefore;
        if (profile) {
            jcmd("JFR.stop", "name=bench");
        }
        long drainFrom = System.nanoTime();
        awaitFinished(ids, Duration.ofMinutes(10)); // a backlog must not leak into the next phase
        double drained = (System.nanoTime() - drainFrom) / 1e9;
        Instant windowStart = load.due(0);
        double window = Duration.between(windowStart, after.at).toMillis() / 1000.0;
        double loadSeconds = Duration.between(windowStart, loadEnd).toMillis() / 1000.0;

        List<Long> startLatency = new ArrayList<>();
        List<Long> endToEnd = new ArrayList<>();
        long steps = 0;
        int finished = 0;
        int finishedDuringLoad = 0;
        Map<UUID, Integer> dueIndex = new HashMap<>();
        for (int i = 0; i < load.sent(); i++) {
            String body = load.bodyByDue().get(i);
            if (body != null) {
                dueIndex.put(UUID.fromString(json.readTree(body).get("runId").asText()), i);
            }
        }
        UUID[] array = ids.toArray(new UUID[0]);
        try (var ps = db.prepareStatement(BENCH + "select id, status, finished_at from runs where id = any(?)")) {
            ps.setArray(1, db.createArrayOf("uuid", array));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(3);
                    if ("SUCCEEDED".equals(rs.getString(2)) && at != null) {
                        finished++;
                        if (!at.toInstant().isAfter(loadEnd)) {
                            finishedDuringLoad++;
                        }
                        Instant due = load.due(dueIndex.get(rs.getObject(1, UUID.class)));
                        endToEnd.add(Duration.between(due, at.toInstant()).toNanos());
                    }
                }
            }
        }
        try (var ps = db.prepareStatement(BENCH + "select queued_at, started_at, finished_at from step_runs where run_id = any(?) and queued_at is not null")) {
            ps.setArray(1, db.createArrayOf("uuid", array));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getTimestamp(2) != null) {
                        startLatency.add(Duration.between(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()).toNanos());
                    }
                    if (rs.getTimestamp(3) != null) {
                        steps++;
                    }
                }
            }
        }
        List<Long> client = load.latenciesNanos();
        line(String.format("(3) sustained 3-step core.noop runs started by POST /api/v1/workflows/{id}/runs, offered at %d runs/s for %d s "
                + "(open loop, 16 connections): %d sent, answers %s, %d failed; answer latency from due time p50 %.1f ms, p99 %.1f ms, max %.0f ms",
                rate, seconds, load.sent(), new java.util.TreeMap<>(load.statuses()), load.failures(), ms(pct(client, 50)), ms(pct(client, 99)),
                ms(client.isEmpty() ? 0 : java.util.Collections.max(client))));
        line(String.format("    completed during the load: %.1f runs/s = %.0f steps/s; all: %d of %d runs finished %.1f s after the load ended "
                        + "(%d unfinished); over the whole %.1f s window %.1f runs/s = %.0f steps/s (target ≥ 150 runs/s, every run finished)",
                finishedDuringLoad / loadSeconds, finishedDuringLoad * 3 / loadSeconds, finished, ids.size(),
                Duration.between(loadEnd, after.at).toMillis() / 1000.0, ids.size() - finished, window, finished / window, steps / window));
        line(String.format("    step start latency (queued→running) p50 %.1f ms, p99 %.1f ms, max %.0f ms (target p99 ≤ 100 ms); "
                        + "run end to end (due→finished) p50 %.1f ms, p99 %.1f ms",
                ms(pct(startLatency, 50)), ms(pct(startLatency, 99)), ms(startLatency.isEmpty() ? 0 : java.util.Collections.max(startLatency)),
                ms(pct(endToEnd, 50)), ms(pct(endToEnd, 99))));
        double jvm = after.jvmCpu - before.jvmCpu;
        double pg = after.pgCpu - before.pgCpu;
        line(String.format("    CPU per step: %.2f ms = JVM %.2f ms + PostgreSQL %.2f ms (target ≤ 3 ms); over the window the JVM used %.2f cores, "
                        + "PostgreSQL %.2f cores", (jvm + pg) * 1000 / steps, jvm * 1000 / steps, pg * 1000 / steps, jvm / window, pg / window));
        line("    JVM CPU by thread pool: " + byPool(threadsBefore, threadsAfter, steps));
        long counted = steps;
        line("    PostgreSQL CPU by process: " + pgAfter.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - pgBefore.getOrDefault(e.getKey(), 0.0)))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format("%s %.3f ms", e.getKey(), e.getValue() * 1000 / counted)).collect(java.util.stream.Collectors.joining(", ")));
        line(String.format("    the load generator (this JVM, on the same machine) used %.2f cores over the window", loader / window));
        long commits = after.commits - before.commits - polls;
        line(String.format("    the backlog left at the end of the window drained in %.1f s more", drained));
        line(String.format("    per step: %.2f commits, %.2f rollbacks, %.1f statements, %.1f WAL records, %.0f WAL bytes",
                (double) commits / steps, (double) (after.rollbacks - before.rollbacks) / steps, (double) after.statements / steps,
                (double) (after.walRecords - before.walRecords) / steps, (double) (after.walBytes - before.walBytes) / steps));
        line(String.format("    steps/s as a share of the raw insert ceiling: %.1f %% (target ≥ 15 %%)", 100.0 * steps / window / rawInserts));
        line("    statements by calls per step (pg_stat_statements; mean execution time):");
        try (var st = db.createStatement(); ResultSet rs = st.executeQuery(BENCH + """
                select calls, total_exec_time / greatest(calls, 1), regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements
                where query not like '%/* bench */%' order by calls desc limit 25""")) {
            while (rs.next()) {
                String query = rs.getString(3);
                line(String.format("      %6.2f  %6.3f ms  %s", rs.getLong(1) / (double) steps, rs.getDouble(2),
                        query.length() > 150 ? query.substring(0, 150) + "…" : query));
            }
        }
        line("    statements by total execution time (pg_stat_statements; share of all, ms per step):");
        try (var st = db.createStatement(); ResultSet rs = st.executeQuery(BENCH + """
                select total_exec_time, 100 * total_exec_time / sum(total_exec_time) over (), calls, regexp_replace(query, '\\s+', ' ', 'g')
                from pg_stat_statements where query not like '%/* bench */%' order by total_exec_time desc limit 10""")) {
            while (rs.next()) {
                String query = rs.getString(4);
                line(String.format("      %5.1f %%  %6.3f ms  %7d calls  %s", rs.getDouble(2), rs.getDouble(1) / steps, rs.getLong(3),
                        query.length() > 130 ? query.substring(0, 130) + "…" : query));
            }
        }
        if (profile) {
            String summary = JfrSummary.summarize(recording, 25);
            Files.writeString(Path.of("target", "http-benchmark-profile.txt"), summary);
            line("    JFR profile of the load: target/http-benchmark-profile.txt (recording " + recording + ")");
        }
    }

    /** (1, 2) Single runs started over REST, one at a time: trigger to done, and API to the first step running. */
    private void singleRuns(UUID workflow) throws Exception {
        int count = Integer.getInteger("bench.single-runs", 200);
        List<Long> createdToFinished = new ArrayList<>();
        List<Long> apiToFirstStep = new ArrayList<>();
        List<Long> apiToFinished = new ArrayList<>();
        int unfinished = 0;
        for (int i = 0; i < count; i++) {
            Instant sent = Instant.now();
            UUID runId = startRun(workflow);
            awaitFinished(List.of(runId), Duration.ofSeconds(30));
            Instant[] times = runTimes(runId);
            if (times == null) {
                unfinished++;
                continue;
            }
            createdToFinished.add(Duration.between(times[0], times[1]).toNanos());
            apiToFinished.add(Duration.between(sent, times[1]).toNanos());
            apiToFirstStep.add(Duration.between(sent, times[2]).toNanos());
        }
        line(String.format("(1) 10-step core.noop run started over REST, %d runs one at a time: createdAt→finishedAt p50 %.1f ms, p99 %.1f ms "
                        + "(target p50 ≤ 40 ms); request sent→finished p50 %.1f ms; %d not finished within 30 s", count, ms(pct(createdToFinished, 50)),
                ms(pct(createdToFinished, 99)), ms(pct(apiToFinished, 50)), unfinished));
        line(String.format("(2) request sent → first step running p50 %.1f ms, p99 %.1f ms (target p50 ≤ 10 ms)",
                ms(pct(apiToFirstStep, 50)), ms(pct(apiToFirstStep, 99))));

        // the same while a client polls the run over REST every 50 ms, as a page or a script watching it would
        List<Long> polled = new ArrayList<>();
        for (int i = 0; i < count / 2; i++) {
            UUID runId = startRun(workflow);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                var response = http.send(authorized(HttpRequest.newBuilder(app.uri("/api/v1/runs/" + runId))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (!"RUNNING".equals(json.readTree(response.body()).path("run").path("status").asText())) {
                    break;
                }
                Thread.sleep(50);
            }
            Instant[] times = runTimes(runId);
            if (times == null) {
                continue;
            }
            polled.add(Duration.between(times[0], times[1]).toNanos());
        }
        line(String.format("    the same while a client polls GET /api/v1/runs/{id} every 50 ms, %d runs: createdAt→finishedAt p50 %.1f ms, p99 %.1f ms",
                polled.size(), ms(pct(polled, 50)), ms(pct(polled, 99))));
    }

    /** The JVM's CPU for one authenticated API request and for a health check, above what it uses idle. */
    private void requestCost() throws Exception {
        Map<String, Double> threadsBefore = ProcessCpu.threads(app.pid());
        // the median of ten one-second readings: a burst in one of them (JFR writing its chunk) would otherwise be
        // subtracted from every request window and can make a figure negative. The compiler threads are left out: the
        // JIT may still be compiling what the load ran (a whole core for seconds), and each window counts its own
        double[] idleRates = new double[10];
        for (int i = 0; i < idleRates.length; i++) {
            Map<String, Double> idleStart = ProcessCpu.threads(app.pid());
            long idleFrom = System.nanoTime();
            Thread.sleep(1_000);
            idleRates[i] = used(idleStart, ProcessCpu.threads(app.pid()), COMPILER.negate()) / ((System.nanoTime() - idleFrom) / 1e9);
        }
        java.util.Arrays.sort(idleRates);
        double idlePerSecond = (idleRates[4] + idleRates[5]) / 2;
        Map<String, Double> threadsAfter = ProcessCpu.threads(app.pid());
        String busiest = threadsAfter.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(5)
                .map(e -> String.format("%s %.0f ms", e.getKey(), e.getValue() * 1000)).collect(java.util.stream.Collectors.joining(", "));
        line(String.format("(7) idle for 10 s, the JVM uses %.1f ms of CPU per second (the median second, the JIT's compiler threads left out; "
                        + "busiest threads: %s)", idlePerSecond * 1000,
                busiest.isEmpty() ? "none" : busiest));
        for (String path : List.of("/api/v1/tenant", "/actuator/health")) {
            boolean api = path.startsWith("/api");
            // the first requests pay for the JIT compiling their path; a busy server pays that once, so the figure that
            // travels is the steady state: windows of requests until the compiler threads are quiet in one
            Cost first = requestWindow(path, api, 5_000, idlePerSecond);
            line(String.format("    GET %s%s, one at a time: the first 5000 requests %.2f ms of JVM CPU each (%.2f ms of it the JIT compiling)",
                    path, api ? " (API key)" : "", first.perRequestMs(), first.compilerMs()));
            Cost steady = first;
            int sent = 5_000;
            while (sent < 100_000 && (steady == first || steady.compilerMs() > 0.02 * steady.perRequestMs())) {
                steady = requestWindow(path, api, 5_000, idlePerSecond);
                sent += 5_000;
            }
            line(String.format("      steady state (requests %d-%d, the JIT %s): %.2f ms of JVM CPU each (target ≤ 0.5 ms), of which %.2f ms in the "
                            + "request threads and %.2f ms compiling; %.2f ms each round trip",
                    sent - 5_000 + 1, sent, steady.compilerMs() > 0.02 * steady.perRequestMs() ? "still compiling" : "done",
                    steady.perRequestMs(), steady.requestThreadsMs(), steady.compilerMs(), steady.roundTripMs()));
            line("      by pool, per request: " + steady.byPool());
        }
    }

    /** What {@code count} requests to {@code path}, one at a time, cost the JVM above its idle use. */
    private Cost requestWindow(String path, boolean api, int count, double idlePerSecond) throws Exception {
        Map<String, Double> threads = ProcessCpu.threads(app.pid());
        double before = ProcessCpu.seconds(app.pid());
        long from = System.nanoTime();
        for (int i = 0; i < count; i++) {
            get(path, api);
        }
        double elapsed = (System.nanoTime() - from) / 1e9;
        double cpu = ProcessCpu.seconds(app.pid()) - before - idlePerSecond * elapsed;
        Map<String, Double> after = ProcessCpu.threads(app.pid());
        return new Cost(cpu * 1000 / count, used(threads, after, name -> name.startsWith("http-nio")) * 1000 / count,
                used(threads, after, COMPILER) * 1000 / count, elapsed * 1000 / count, byPool(threads, after, count));
    }

    private static final java.util.function.Predicate<String> COMPILER = name -> name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");

    private static double used(Map<String, Double> before, Map<String, Double> after, java.util.function.Predicate<String> threads) {
        return after.entrySet().stream().filter(e -> threads.test(e.getKey())).mapToDouble(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0)).sum();
    }

    private record Cost(double perRequestMs, double requestThreadsMs, double compilerMs, double roundTripMs, String byPool) {
    }

    // ---------------------------------------------------------------- helpers

    /** The CPU the JVM's threads used between two readings, by pool (thread names without their numbers), per step. */
    private static String byPool(Map<String, Double> before, Map<String, Double> after, long steps) {
        Map<String, Double> pools = new HashMap<>();
        after.forEach((thread, seconds) -> pools.merge(thread.substring(0, thread.lastIndexOf('#')).replaceAll("[0-9]+", "N"),
                seconds - before.getOrDefault(thread, 0.0), Double::sum));
        return pools.entrySet().stream().filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                .map(e -> String.format("%s %.2f ms", e.getKey(), e.getValue() * 1000 / steps)).collect(java.util.stream.Collectors.joining(", "));
    }

    private void setUp() throws Exception {
        execute("create extension if not exists pg_stat_statements");
        // the demo tenant's plan allows 10,000 runs a month: a benchmark starts more
        execute("update tenants set max_runs_per_month = 1000000000, max_workflows = 1000 where slug = 'demo'");
    }

    private UUID publish(String definition) throws Exception {
        var created = http.send(authorized(HttpRequest.newBuilder(app.uri("/api/v1/workflows")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(definition)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Creating a workflow answered " + created.statusCode() + ": " + created.body());
        }
        UUID id = UUID.fromString(json.readTree(created.body()).get("id").asText());
        var published = http.send(authorized(HttpRequest.newBuilder(app.uri("/api/v1/workflows/" + id + "/publish")))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (published.statusCode() / 100 != 2) {
            throw new IllegalStateException("Publishing answered " + published.statusCode() + ": " + published.body());
        }
        return id;
    }

    private UUID startRun(UUID workflow) throws Exception {
        var response = http.send(authorized(HttpRequest.newBuilder(app.uri("/api/v1/workflows/" + workflow + "/runs")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(response.body());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("Starting a run answered " + response.statusCode() + ": " + response.body());
        }
        return UUID.fromString(body.get("runId").asText());
    }

    private void get(String path, boolean api) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path));
        var response = http.send((api ? authorized(request) : request).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
    }

    /** created_at, finished_at and when its first step started running; null while it has not finished. */
    private Instant @org.jspecify.annotations.Nullable [] runTimes(UUID runId) throws SQLException {
        try (var ps = db.prepareStatement(BENCH + """
                select r.created_at, r.finished_at, (select min(started_at) from step_runs s where s.run_id = r.id and s.queued_at is not null)
                from runs r where r.id = ?""")) {
            ps.setObject(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getTimestamp(2) == null || rs.getTimestamp(3) == null) {
                    return null;
                }
                return new Instant[]{rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()};
            }
        }
    }

    /** Waits until none of the runs is running any more, or the timeout passed; returns how many queries that took. */
    private int awaitFinished(List<UUID> ids, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int polls = 0;
        UUID[] array = ids.toArray(new UUID[0]);
        long pause = ids.size() == 1 ? 1 : 200;
        while (true) {
            polls++;
            try (var ps = db.prepareStatement(BENCH + "select count(*) from runs where id = any(?) and finished_at is null")) {
                ps.setArray(1, db.createArrayOf("uuid", array));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0 || System.nanoTime() > deadline) {
                        return polls;
                    }
                }
            }
            Thread.sleep(pause);
        }
    }

    private List<UUID> runIds(OpenLoopLoad.Result load) throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (String body : load.bodies()) {
            ids.add(UUID.fromString(json.readTree(body).get("runId").asText()));
        }
        return ids;
    }

    private double rawInsertsPerSecond(int threads, Duration duration) throws Exception {
        execute("create table if not exists bench_raw (id bigserial primary key, v text)");
        AtomicInteger inserts = new AtomicInteger();
        long deadline = System.nanoTime() + duration.toNanos();
        var pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                try (Connection c = app.superuser(); var ps = c.prepareStatement(BENCH + "insert into bench_raw (v) values ('x')")) {
                    while (System.nanoTime() < deadline) {
                        ps.executeUpdate();
                        inserts.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(duration.toSeconds() + 30, TimeUnit.SECONDS);
        execute("drop table bench_raw");
        return inserts.get() / (duration.toMillis() / 1000.0);
    }

    private record Snapshot(Instant at, double jvmCpu, double pgCpu, long commits, long rollbacks, long statements, long walRecords,
                            long walBytes) {
    }

    private Snapshot snapshot() throws Exception {
        Instant at = Instant.now();
        double jvm = ProcessCpu.seconds(app.pid());
        double pg = ProcessCpu.treeSeconds(app.postmasterPid());
        try (var st = db.createStatement(); ResultSet rs = st.executeQuery(BENCH + """
                select d.xact_commit, d.xact_rollback,
                       (select coalesce(sum(calls), 0) from pg_stat_statements where query not like '%/* bench */%'),
                       w.wal_records, w.wal_bytes
                from pg_stat_database d, pg_stat_wal w where d.datname = 'postgres'""")) {
            rs.next();
            return new Snapshot(at, jvm, pg, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        }
    }

    private void execute(String sql) throws SQLException {
        try (var st = db.createStatement()) {
            st.execute(BENCH + sql);
        }
    }

    private void jcmd(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(app.pid())));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("jcmd failed: " + output);
        }
    }

    private String authorization() {
        return "Authorization: Bearer " + ProductionJar.API_KEY + "\r\n";
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + ProductionJar.API_KEY);
    }

    /** Printed and written at once, so a phase that fails later does not lose the figures already measured. */
    private void line(String text) throws java.io.IOException {
        out.append(text).append('\n');
        System.out.println(text);
        Files.writeString(Path.of("target", "http-benchmark.txt"), out.toString());
    }
}
