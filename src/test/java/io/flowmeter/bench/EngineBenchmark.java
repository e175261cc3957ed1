package io.flowmeter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.admin.service.PlatformAdminService;
import io.flowmeter.engine.service.RunEvent;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.identity.service.AccountService;
import io.flowmeter.identity.service.ApiKeyService;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.domain.Plan;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The engine benchmark (not part of the test gate): runs against the real app on embedded PostgreSQL and
 * prints its figures and the machine. Run it with {@code bench/engine.sh}.
 */
class EngineBenchmark extends BenchmarkSupport {

    @Autowired AccountService accounts;
    @Autowired ApiKeyService apiKeys;
    @Autowired @Qualifier("owner") DataSource ownerDataSource;
    @Autowired RunCompletions completions;

    @Test
    void benchmark() throws Exception {
        var out = new StringBuilder();
        out.append("== Flowmeter engine benchmark\n").append(machine()).append('\n');
        setUpTenant();

        UUID linear = publish(chain(10));
        UUID three = publish(chain(3));
        UUID fan = publish(fanOut(100));
        UUID delay = publish("""
                {"name": "delay", "nodes": [{"id": "t", "type": "trigger.manual"},
                 {"id": "wait", "type": "core.delay", "params": {"duration": "{{trigger.ms}}"}}], "edges": [{"from": "t", "to": "wait"}]}
                """);

        // warm-up: JIT, caches, connection pool
        for (int i = 0; i < 50; i++) {
            runAndWait(linear, Duration.ofSeconds(30));
        }

        // (1) linear 10-step no-op run, trigger to done
        List<Long> linearNanos = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            linearNanos.add(runAndWait(linear, Duration.ofSeconds(30)));
        }
        out.append(String.format("(1) linear 10-step core.noop run, trigger→done, %d runs: p50 %.1f ms, p99 %.1f ms (target p50 ≤ 80, p99 ≤ 250)%n",
                linearNanos.size(), ms(pct(linearNanos, 50)), ms(pct(linearNanos, 99))));

        // (2) run started over the REST API → first step running
        String key = inTenant(() -> apiKeys.create("bench")).plaintext();
        HttpClient http = HttpClient.newHttpClient();
        List<Long> firstStep = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Instant sent = Instant.now();
            var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/workflows/" + linear + "/runs"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            UUID runId = UUID.fromString(json.readTree(response.body()).get("runId").asText());
            awaitRun(runId, Duration.ofSeconds(30));
            Instant firstStarted = inTenant(() -> tx.execute(s -> jdbc.queryForObject(
                    "select min(started_at) from step_runs where run_id = ? and queued_at is not null", Timestamp.class, runId))).toInstant();
            firstStep.add(Duration.between(sent, firstStarted).toNanos());
        }
        out.append(String.format("(2) run started by API → first step running, %d runs: p50 %.1f ms, p99 %.1f ms (target p50 ≤ 10)%n",
                firstStep.size(), ms(pct(firstStep, 50)), ms(pct(firstStep, 99))));

        // (4) 100-branch fan-out + join
        List<Long> fanNanos = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fanNanos.add(runAndWait(fan, Duration.ofSeconds(60)));
        }
        out.append(String.format("(4) 100-branch fan-out + join, %d runs: p50 %.0f ms, p99 %.0f ms (target p50 ≤ 500)%n",
                fanNanos.size(), ms(pct(fanNanos, 50)), ms(pct(fanNanos, 99))));

        // (5) delay timer accuracy: resumed at vs due at
        List<UUID> delayed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long ms = 1000 + (i % 20) * 100;
            delayed.add(inTenant(() -> runs.start(delay, Map.of("ms", ms), "bench")));
        }
        for (UUID runId : delayed) {
            awaitRun(runId, Duration.ofSeconds(60));
        }
        List<Long> timerError = inTenant(() -> tx.execute(s -> jdbc.queryForList("""
                select (extract(epoch from (s.finished_at - (s.started_at + ((r.input->>'ms')::bigint * interval '1 millisecond')))) * 1e9)::bigint
                from step_runs s join runs r on r.id = s.run_id where s.node_id = 'wait' and r.id = any(?)
                """, Long.class, (Object) delayed.toArray(new UUID[0]))));
        List<Long> absError = timerError.stream().map(Math::abs).toList();
        out.append(String.format("(5) delay timer error, %d delays of 1-3 s: p50 %.1f ms, p99 %.1f ms (target p99 ≤ 1000)%n",
                absError.size(), ms(pct(absError, 50)), ms(pct(absError, 99))));

        // (6) raw PostgreSQL ceiling on this machine: single-row committed inserts, 16 connections, 10 s
        double rawInserts = rawInsertsPerSecond(16, Duration.ofSeconds(10));
        out.append(String.format("(6) raw PostgreSQL: %.0f single-row committed inserts/s (16 connections, fsync on)%n", rawInserts));

        // (3) sustained 3-step runs, open loop, 60 s
        int rate = Integer.getInteger("bench.rate", 160);
        int seconds = Integer.getInteger("bench.seconds", 60);
        Sustained sustained = sustained(three, rate, Duration.ofSeconds(seconds));
        out.append(String.format("(3) sustained 3-step runs offered at %d runs/s for %d s: %.0f runs/s, %.0f steps/s completed; "
                        + "step start latency (queued→running) p50 %.1f ms, p99 %.1f ms; %d of %d runs unfinished at the end "
                        + "(target ≥ 450 steps/s, p99 ≤ 100 ms)%n",
                rate, seconds, sustained.runsPerSecond, sustained.runsPerSecond * 3, ms(sustained.p50StartNanos), ms(sustained.p99StartNanos),
                sustained.unfinished, sustained.started));
        out.append(String.format("    steps/s as a share of the raw insert ceiling: %.2f%n", sustained.runsPerSecond * 3 / rawInserts));

        System.out.println(out);
        Path report = Path.of("target", "engine-benchmark.txt");
        Files.writeString(report, out.toString());
    }

    record Sustained(double runsPerSecond, long p50StartNanos, long p99StartNanos, int unfinished, int started) {
    }

    Sustained sustained(UUID workflow, int rate, Duration duration) throws Exception {
        ScheduledExecutorService starter = Executors.newScheduledThreadPool(1);
        var workers = Executors.newFixedThreadPool(16); // open loop: a slow start never delays the next one
        List<UUID> started = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        long periodNanos = 1_000_000_000L / rate;
        Instant begin = Instant.now();
        var task = starter.scheduleAtFixedRate(() -> workers.submit(() -> {
            try {
                TestData.signInAs(benchAuth);
                started.add(inTenant(() -> runs.start(workflow, Map.of(), "bench")));
            } catch (RuntimeException e) {
                errors.incrementAndGet();
            }
        }), 0, periodNanos, TimeUnit.NANOSECONDS);
        Thread.sleep(duration.toMillis());
        task.cancel(false);
        starter.shutdown();
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
        Instant end = Instant.now();
        Thread.sleep(5_000); // let the tail drain before counting what did not finish
        UUID[] ids = started.toArray(new UUID[0]);
        Long finishedInWindow = inTenant(() -> tx.execute(s -> jdbc.queryForObject(
                "select count(*) from runs where id = any(?) and status = 'SUCCEEDED' and finished_at <= ?", Long.class, ids, Timestamp.from(end))));
        Long unfinished = inTenant(() -> tx.execute(s -> jdbc.queryForObject(
                "select count(*) from runs where id = any(?) and status <> 'SUCCEEDED'", Long.class, (Object) ids)));
        List<Long> startLatency = inTenant(() -> tx.execute(s -> jdbc.queryForList(
                "select (extract(epoch from (started_at - queued_at)) * 1e9)::bigint from step_runs where run_id = any(?) and queued_at is not null and started_at is not null",
                Long.class, (Object) ids)));
        double seconds = Duration.between(begin, end).toMillis() / 1000.0;
        return new Sustained(finishedInWindow / seconds, pct(startLatency, 50), pct(startLatency, 99),
                unfinished.intValue() + errors.get(), started.size() + errors.get());
    }

    double rawInsertsPerSecond(int threads, Duration duration) throws Exception {
        try (Connection c = ownerDataSource.getConnection()) {
            c.createStatement().execute("create table if not exists bench_raw (id bigserial primary key, v text)");
        }
        AtomicInteger inserts = new AtomicInteger();
        long deadline = System.nanoTime() + duration.toNanos();
        var pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                try (Connection c = ownerDataSource.getConnection(); var ps = c.prepareStatement("insert into bench_raw (v) values ('x')")) {
                    c.setAutoCommit(true);
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
        return inserts.get() / (duration.toMillis() / 1000.0);
    }

    long runAndWait(UUID workflow, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        UUID runId = inTenant(() -> runs.start(workflow, Map.of(), "bench"));
        return completions.await(runId, timeout) - start;
    }

    void awaitRun(UUID runId, Duration timeout) throws InterruptedException {
        completions.await(runId, timeout);
    }

    static String chain(int steps) {
        return Figures.chain(steps);
    }

    static String fanOut(int branches) {
        StringBuilder nodes = new StringBuilder("{\"id\": \"t\", \"type\": \"trigger.manual\"}, {\"id\": \"join\", \"type\": \"core.noop\"}");
        StringBuilder edges = new StringBuilder();
        for (int i = 1; i <= branches; i++) {
            nodes.append(", {\"id\": \"b").append(i).append("\", \"type\": \"core.noop\"}");
            edges.append(i == 1 ? "" : ", ").append("{\"from\": \"t\", \"to\": \"b").append(i).append("\"}, {\"from\": \"b").append(i)
                    .append("\", \"to\": \"join\"}");
        }
        return "{\"name\": \"fan " + branches + "\", \"nodes\": [" + nodes + "], \"edges\": [" + edges + "]}";
    }
}
