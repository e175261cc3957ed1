package io.flowmeter.bench;

import io.flowmeter.support.AppProcess;
import io.flowmeter.support.Cluster;
import io.flowmeter.support.EffectService;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out on one machine, measured: a web node (with the database) and worker JVMs run batches of three-step
 * workflows whose steps call a service here that answers after {@code bench.step-ms} (an API call's wait). Prints the
 * throughput with one worker and with two (steps per second, from the first run started to the last finished), and,
 * over {@code bench.trials} kills during a batch of 1 s steps, the time from a worker's SIGKILL to the first of its
 * orphaned steps running again on another, with the machine. Every effect must be applied once. Run with {@code bench/cluster.sh}; the nodes' logs
 * stay in {@code target/cluster-benchmark/}.
 */
class ClusterBenchmark {

    static final int RUNS = Integer.getInteger("bench.runs", 100);
    static final int STEPS = 3;
    static final int STEP_MS = Integer.getInteger("bench.step-ms", 200);
    static final int TRIALS = Integer.getInteger("bench.trials", 3);

    final Path dir = Path.of("target", "cluster-benchmark").toAbsolutePath();

    @Test
    void throughputOfOneAndTwoWorkersAndKillToOrphanedStepRunningAgain() throws Exception {
        org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        Files.createDirectories(dir);
        var out = new StringBuilder("== Flowmeter cluster benchmark\n").append(Machine.describe()).append('\n');
        try (var service = new EffectService(); var cluster = new Cluster(dir)) {
            AppProcess web = cluster.startWeb(Map.of());
            String workflow = web.publish(definition(service, "cluster benchmark", STEP_MS));
            // the kills: 1 s steps, so that the killed worker surely holds some mid-call
            String slow = web.publish(definition(service, "cluster kill", 1_000));
            List<AppProcess> workers = new ArrayList<>(cluster.startWorkers(1, Map.of()));

            runBatch(web, service, workflow, RUNS / 5); // warm-up: JIT, pools
            double one = runBatch(web, service, workflow, RUNS);
            workers.addAll(cluster.startWorkers(1, Map.of()));
            runBatch(web, service, workflow, RUNS / 5);
            double two = runBatch(web, service, workflow, RUNS);
            out.append(String.format("%d runs x %d steps, each step an HTTP call answered after %d ms; web node + workers, one PostgreSQL%n",
                    RUNS, STEPS, STEP_MS));
            out.append(String.format("  1 worker:  %.0f steps/s%n", one));
            out.append(String.format("  2 workers: %.0f steps/s  (x%.2f)%n", two, two / one));

            List<Double> orphans = new ArrayList<>();
            var held = new java.util.concurrent.atomic.AtomicInteger();
            for (int trial = 0; trial < TRIALS; trial++) {
                List<String> runs = start(web, slow, RUNS / 2);
                int before = service.effects().size();
                long waitUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (service.effects().size() < before + RUNS / 8) {
                    assertThat(System.nanoTime()).as("steps under way before the kill").isLessThan(waitUntil);
                    Thread.sleep(20);
                }
                AppProcess victim = workers.remove(0);
                long killed = System.nanoTime();
                victim.kill();
                awaitSucceeded(web, runs);
                OptionalLong again = firstRetryAfter(service, killed);
                if (again.isPresent()) {
                    orphans.add(again.getAsLong() / 1e9);
                } else {
                    held.incrementAndGet(); // it held no step mid-call at the kill: nothing to measure
                }
                workers.addAll(cluster.startWorkers(1, Map.of()));
            }
            out.append(String.format("kill -9 of a worker mid-batch -> its first orphaned step running again on the other (%d trials): %s%n",
                    TRIALS, orphans.stream().map(s -> String.format("%.1f s", s)).collect(Collectors.joining(", "))
                            + (held.get() == 0 ? "" : "; " + held.get() + " kill(s) hit a worker holding no step mid-call")));
            out.append("effects applied twice: ").append(service.duplicateEffects()).append('\n');
            assertThat(service.duplicateEffects()).isZero();
        }
        Files.writeString(Path.of("target", "cluster-benchmark.txt"), out.toString());
        System.out.print(out);
    }

    /** Starts {@code count} runs and waits for all of them; answers steps per second over the whole batch. */
    private static double runBatch(AppProcess web, EffectService service, String workflow, int count) throws Exception {
        long started = System.nanoTime();
        List<String> runs = start(web, workflow, count);
        awaitSucceeded(web, runs);
        return count * STEPS / ((System.nanoTime() - started) / 1e9);
    }

    private static List<String> start(AppProcess web, String workflow, int count) throws Exception {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var started = web.call("POST", "/api/v1/workflows/" + workflow + "/runs", "{\"n\": " + i + "}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            runs.add(web.body(started).get("runId").asText());
        }
        return runs;
    }

    /** Polls the last run first: when it is done most others are, so the poll costs the nodes little. */
    private static void awaitSucceeded(AppProcess web, List<String> runs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        for (int i = runs.size() - 1; i >= 0; i--) {
            while (!web.runStatus(runs.get(i)).equals("SUCCEEDED")) {
                assertThat(System.nanoTime()).as("run " + runs.get(i) + " finished").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    private static OptionalLong firstRetryAfter(EffectService service, long since) {
        Map<String, List<EffectService.Call>> byKey = service.calls().stream().collect(Collectors.groupingBy(EffectService.Call::key));
        return byKey.values().stream()
                .filter(calls -> calls.size() > 1 && calls.get(0).atNanos() < since)
                .flatMap(calls -> calls.stream().skip(1))
                .mapToLong(EffectService.Call::atNanos).filter(at -> at > since).map(at -> at - since).min();
    }

    private static String definition(EffectService service, String name, int ms) {
        StringBuilder nodes = new StringBuilder("{\"id\": \"start\", \"type\": \"trigger.manual\"}");
        StringBuilder edges = new StringBuilder();
        String previous = "start";
        for (int i = 1; i <= STEPS; i++) {
            nodes.append(", {\"id\": \"s").append(i).append("\", \"type\": \"http.request\", \"params\": {\"method\": \"POST\", \"url\": \"")
                    .append(service.url("wf=" + name.replace(' ', '-') + "&run={{run.id}}&step=s" + i + "&ms=" + ms)).append("\"}}");
            edges.append(edges.length() == 0 ? "" : ", ").append("{\"from\": \"").append(previous).append("\", \"to\": \"s").append(i).append("\"}");
            previous = "s" + i;
        }
        return "{\"name\": \"" + name + "\", \"nodes\": [" + nodes + "], \"edges\": [" + edges + "]}";
    }
}
