package io.flowmeter.bench;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * The webhook ingestion benchmark (not part of the test gate), over real HTTP against the app on embedded
 * PostgreSQL: received → first step running, then an open-loop load at a fixed rate with every response's latency,
 * and the proof that no accepted request was lost (runs counted = 2xx answers). Run it with {@code bench/webhooks.sh}.
 */
class WebhookBenchmark extends BenchmarkSupport {

    @org.springframework.beans.factory.annotation.Autowired io.flowmeter.trigger.webhook.WebhookService webhooks;

    @Test
    void benchmark() throws Exception {
        var out = new StringBuilder();
        out.append("== Flowmeter webhook benchmark\n").append(machine()).append('\n');
        setUpTenant();
        UUID workflow = publish("""
                {"name": "hook", "nodes": [{"id": "t", "type": "trigger.webhook"}, {"id": "n", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "n"}]}
                """);
        String path = inTenant(() -> webhookPath(workflow));
        URI url = URI.create("http://127.0.0.1:" + port + path);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(64)).build();
        String body = "{\"order\": {\"id\": 42, \"total\": 99.5, \"customer\": \"ada@example.com\"}}";

        // warm-up
        for (int i = 0, n = Integer.getInteger("bench.first-step-warmup", 300); i < n; i++) {
            post(http, url, body);
        }

        // (1) received → first step running, one request at a time, right after start (JIT still compiling)
        firstStep(out, http, url, body, "(1) webhook received → first step running, 300 requests one at a time right after start");

        // (2) open loop at a fixed rate: every response's latency (from when it was due), every status
        int rate = Integer.getInteger("bench.rate", 1000);
        int seconds = Integer.getInteger("bench.seconds", 60);
        // warm-up under the same load (the JIT, Tomcat's threads, the intake): measured and printed, not counted below
        int warmUp = Integer.getInteger("bench.warmup-seconds", 10);
        Instant warmStart = Instant.now();
        List<String> answers = new ArrayList<>();
        if (warmUp > 0) {
            var warm = OpenLoopLoad.run(url, body, rate, warmUp, Integer.getInteger("bench.senders", 64));
            answers.addAll(warm.bodies());
            out.append(String.format("    warm-up, %d s at the same rate (not counted below): latency p50 %.1f ms, p99 %.1f ms%n",
                    warmUp, ms(pct(warm.latenciesNanos(), 50)), ms(pct(warm.latenciesNanos(), 99))));
        }
        long gcBefore = gcMillis();
        var walBefore = wal();
        var disk = new DiskProbe(Path.of(System.getProperty("java.io.tmpdir"), "flowmeter-test-db"));
        long loadStartNanos = System.nanoTime();
        Instant loadStart = Instant.now();
        var load = OpenLoopLoad.run(url, body, rate, seconds, Integer.getInteger("bench.senders", 64));
        Instant loadEnd = Instant.now();
        answers.addAll(load.bodies());
        var statuses = load.statuses();
        List<Long> latencies = load.latenciesNanos();
        int accepted = statuses.entrySet().stream().filter(e -> e.getKey() / 100 == 2).mapToInt(e -> e.getValue().get()).sum();
        double window = load.elapsedNanos() / 1e9;
        out.append(String.format("(2) open loop, %d requests/s offered for %d s: %d sent, %d answered 2xx in %.1f s = %.0f per second; "
                        + "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms (target ≥ 1000 req/s, p99 ≤ 100); statuses %s, %d transport failures%n",
                rate, seconds, load.sent(), accepted, window, accepted / window, ms(pct(latencies, 50)), ms(pct(latencies, 99)),
                ms(latencies.isEmpty() ? 0 : Collections.max(latencies)), new java.util.TreeMap<>(statuses), load.failures()));
        // the tail over time: p99 of each 10 s of the load (by when requests were due)
        StringBuilder windows = new StringBuilder("    p99 per 10 s:");
        for (int from = 0; from < load.sent(); from += rate * 10) {
            List<Long> window10 = new ArrayList<>();
            for (int i = from; i < Math.min(load.sent(), from + rate * 10); i++) {
                if (load.byDue().get(i) >= 0) {
                    window10.add(load.byDue().get(i));
                }
            }
            windows.append(String.format(" %.0f", ms(pct(window10, 99))));
        }
        out.append(windows).append(String.format(" ms; garbage collection during the load: %d ms%n", gcMillis() - gcBefore));
        // the disk beside the database over the same windows: one timed 8 KiB write + fdatasync every 20 ms
        long loadEndNanos = loadStartNanos + (long) seconds * 1_000_000_000L;
        out.append("    the disk meanwhile, slowest fdatasync per 10 s:").append(diskSummary(disk, loadStartNanos, loadEndNanos));
        // a 2xx waits until its request is on disk: while a sync stalls, every request of that moment waits with it.
        // The latency of the windows in which the disk never stalled shows what the app itself adds.
        List<Long> worstSyncs = disk.worstPerWindow(loadStartNanos, loadEndNanos, 10_000_000_000L);
        List<Long> calm = new ArrayList<>();
        int calmWindows = 0;
        for (int w = 0; w < worstSyncs.size(); w++) {
            if (worstSyncs.get(w) < 50_000_000L) {
                calmWindows++;
                for (int i = w * rate * 10; i < Math.min(load.sent(), (w + 1) * rate * 10); i++) {
                    if (load.byDue().get(i) >= 0) {
                        calm.add(load.byDue().get(i));
                    }
                }
            }
        }
        out.append(calmWindows == 0 ? "    no 10 s window without a disk stall over 50 ms\n" : String.format(
                "    in the %d of %d windows without a disk stall over 50 ms: %d requests, p50 %.1f ms, p99 %.1f ms%n",
                calmWindows, worstSyncs.size(), calm.size(), ms(pct(calm, 50)), ms(pct(calm, 99))));
        disk.close();
        var walAfter = wal();
        out.append(String.format("    PostgreSQL during the load: %.0f MB of WAL (%d full-page images), %d WAL flushes taking %.0f ms, "
                        + "%d checkpoints (%d requested) writing %d buffers%n",
                (walAfter[0] - walBefore[0]) / 1e6, walAfter[1] - walBefore[1], walAfter[2] - walBefore[2],
                (walAfter[3] - walBefore[3]) / 1e3, walAfter[4] - walBefore[4], walAfter[5] - walBefore[5], walAfter[6] - walBefore[6]));

        // how long the engine took to work off what was accepted
        // the engine runs what was accepted at its own pace (on two cores far below 1000 runs/s): wait for all of it
        Instant drained = Instant.now().plusSeconds(900);
        Long unfinished;
        do {
            Thread.sleep(500);
            unfinished = inTenant(() -> tx.execute(s -> jdbc.queryForObject("""
                    select (select count(*) from runs where workflow_id = ? and created_at >= ? and status <> 'SUCCEEDED')
                         + (select count(*) from webhook_inbox where workflow_id = ?)
                    """, Long.class, workflow, Timestamp.from(warmStart), workflow)));
        } while (unfinished != null && unfinished > 0 && Instant.now().isBefore(drained));
        double drainSeconds = Duration.between(warmStart, Instant.now()).toMillis() / 1000.0;
        // every 2xx answer names its run: each of those runs must exist
        UUID[] runIds = answers.stream().map(a -> java.util.regex.Pattern.compile("\"runId\":\"([0-9a-f-]{36})\"").matcher(a))
                .filter(java.util.regex.Matcher::find).map(m -> UUID.fromString(m.group(1))).toArray(UUID[]::new);
        out.append(String.format("    every accepted run (warm-up included) finished %.1f s after the load ended (%d unfinished): %.0f runs/s end to end%n",
                Duration.between(loadEnd, Instant.now()).toMillis() / 1000.0, unfinished, runIds.length / drainSeconds));
        Long runsFound = inTenant(() -> tx.execute(s -> jdbc.queryForObject(
                "select count(*) from runs where id = any(?)", Long.class, (Object) runIds)));
        out.append(String.format("    2xx answers (warm-up included) %d, naming %d runs, of which exist %d: %s%n", answers.size(), runIds.length, runsFound,
                runsFound != null && runsFound == runIds.length && runIds.length == answers.size() ? "none lost" : "MISMATCH"));

        // (3) the same after the load: the JIT has compiled the hot paths (steady state), the engine is idle again
        firstStep(out, http, url, body, "(3) webhook received → first step running, 300 requests one at a time after the load");

        // (4) the disk alone: the app idle, nothing but the probe writing
        try (var idleDisk = new DiskProbe(Path.of(System.getProperty("java.io.tmpdir"), "flowmeter-test-db"))) {
            long from = System.nanoTime();
            Thread.sleep(30_000);
            long to = System.nanoTime();
            out.append("(4) the disk with the app idle, 30 s, slowest fdatasync per 10 s:").append(diskSummary(idleDisk, from, to));
        }

        System.out.println(out);
        Files.writeString(Path.of("target", "webhook-benchmark.txt"), out.toString());
    }

    private static String diskSummary(DiskProbe disk, long fromNanos, long toNanos) {
        StringBuilder line = new StringBuilder();
        disk.worstPerWindow(fromNanos, toNanos, 10_000_000_000L).forEach(worst -> line.append(String.format(" %.0f", ms(worst))));
        long[] slow = disk.slow(fromNanos, toNanos, 50_000_000L);
        return line.append(String.format(" ms; %d of %d syncs took over 50 ms%n", slow[0], slow[1])).toString();
    }

    /** WAL bytes, full-page images, WAL fsyncs, their time (µs, only with track_wal_io_timing), checkpoints, requested ones, buffers. */
    private long[] wal() {
        return jdbc.queryForObject("""
                select (select wal_bytes from pg_stat_wal), (select wal_fpi from pg_stat_wal),
                       (select coalesce(sum(fsyncs), 0) from pg_stat_io where object = 'wal'),
                       (select coalesce(sum(fsync_time), 0) * 1000 from pg_stat_io where object = 'wal'),
                       c.num_timed + c.num_requested, c.num_requested, c.buffers_written
                from pg_stat_checkpointer c
                """, (rs, row) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)});
    }

    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private String webhookPath(UUID workflow) {
        String url = webhooks.hook(workflow).url();
        return url.substring(url.indexOf("/hooks/"));
    }

    private static HttpRequest request(URI url, String body) {
        return HttpRequest.newBuilder(url).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> post(HttpClient http, URI url, String body) throws Exception {
        var response = http.send(request(url, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("webhook answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private void firstStep(StringBuilder out, HttpClient http, URI url, String body, String label) throws Exception {
        List<Long> firstStep = new ArrayList<>();
        List<List<Long>> legs = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 300; i++) {
            Instant sent = Instant.now();
            var response = post(http, url, body);
            UUID runId = UUID.fromString(json.readTree(response.body()).get("runId").asText());
            Instant started = awaitFirstStep(runId);
            firstStep.add(Duration.between(sent, started).toNanos());
            Instant[] times = firstStepTimeline(runId);
            legs.get(0).add(Duration.between(sent, times[0]).toNanos());
            legs.get(1).add(Duration.between(times[0], times[1]).toNanos());
            legs.get(2).add(Duration.between(times[1], started).toNanos());
        }
        out.append(String.format("%s: p50 %.1f ms, p99 %.1f ms (target p50 ≤ 10)%n", label, ms(pct(firstStep, 50)), ms(pct(firstStep, 99))));
        out.append(String.format("    where it goes (p50 of each leg): request → run transaction begins %.1f ms, → run committed and its step's job "
                        + "created %.1f ms, → job saved, claimed and its step running %.1f ms%n",
                ms(pct(legs.get(0), 50)), ms(pct(legs.get(1), 50)), ms(pct(legs.get(2), 50))));
    }

    /**
     * When the run's transaction began (its {@code created_at}), when its first step's JobRunr job was created (right
     * after that transaction committed).
     */
    private Instant[] firstStepTimeline(UUID runId) throws Exception {
        var row = inTenant(() -> tx.execute(s -> jdbc.queryForMap("""
                select r.created_at, s.id, s.attempt from runs r join step_runs s on s.run_id = r.id
                where r.id = ? and s.queued_at is not null order by s.queued_at limit 1
                """, runId)));
        UUID jobId = new io.flowmeter.engine.service.StepJob(tenant, runId, (UUID) row.get("id"), ((Number) row.get("attempt")).intValue(),
                io.flowmeter.engine.service.StepJob.Mode.EXECUTE).jobId();
        String job = jdbc.queryForObject("select jobasjson from jobrunr_jobs where id = ?", String.class, jobId.toString());
        Instant enqueued = null;
        for (var state : json.readTree(job).get("jobHistory")) {
            Instant at = Instant.parse(state.get("createdAt").asText());
            if (enqueued == null && state.get("state").asText().equals("ENQUEUED")) {
                enqueued = at;
            }
        }
        return new Instant[] {((Timestamp) row.get("created_at")).toInstant(), enqueued};
    }

    private Instant awaitFirstStep(UUID runId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            Timestamp started = inTenant(() -> tx.execute(s -> jdbc.queryForObject(
                    "select min(started_at) from step_runs where run_id = ? and queued_at is not null", Timestamp.class, runId)));
            if (started != null) {
                return started.toInstant();
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("the first step of run " + runId + " never started");
    }
}
