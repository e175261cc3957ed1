package io.flowmeter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Two builds under the same saturating load, measured at the same moments: both production jars run side by side (each
 * with its own embedded PostgreSQL), and windows of REST-started 3-step no-op runs, offered far faster than either
 * can take them on 16 connections, go to one and then the other, alternating which goes first. Per window: runs/s
 * completed and the CPU per step of the JVM and of its PostgreSQL. On a machine whose speed drifts by tens of percent
 * between two runs of bench/http.sh, only interleaved windows compare builds under concurrency (bench/ab.sh sends
 * one request at a time). Not part of the test gate: {@code bench/ab-load.sh A.jar B.jar}.
 */
class HttpAbBenchmark {

    private static final int STEPS = 3;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final StringBuilder out = new StringBuilder();

    private record Side(String name, ProductionJar app, Connection db, UUID workflow, List<double[]> windows) {
    }

    @Test
    void benchmark() throws Exception {
        List<Path> jars = List.of(Path.of(System.getProperty("bench.jar-a")), Path.of(System.getProperty("bench.jar-b")));
        int rounds = Integer.getInteger("bench.rounds", 10);
        int perWindow = Integer.getInteger("bench.window-runs", 4000);
        line("== Flowmeter A/B under load: " + jars.get(0).getFileName() + " vs " + jars.get(1).getFileName());
        line(Machine.describe());
        List<Side> sides = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                ProductionJar app = ProductionJar.start(jars.get(i), Path.of("target", "http-ab", String.valueOf(i)), List.of(), Map.of());
                Connection db = app.superuser();
                try (var st = db.createStatement()) {
                    // the demo tenant's plan allows 10,000 runs a month: a benchmark starts more
                    st.execute("update tenants set max_runs_per_month = 1000000000 where slug = 'demo'");
                }
                String name = jars.get(i).getFileName().toString().replaceFirst("\\.jar$", "") + (jars.get(0).getFileName().equals(jars.get(1).getFileName()) ? "#" + i : "");
                sides.add(new Side(name, app, db, publish(app), new ArrayList<>()));
            }
            for (Side side : sides) { // JIT, caches, pools
                OpenLoopLoad.run(side.app.uri("/api/v1/workflows/" + side.workflow + "/runs"), "{}", authorization(), 400,
                        Integer.getInteger("bench.warmup-seconds", 60), 16);
                awaitFinished(side);
            }
            for (int round = 0; round < rounds; round++) {
                for (Side side : round % 2 == 0 ? sides : List.of(sides.get(1), sides.get(0))) {
                    side.windows.add(window(side, perWindow));
                }
            }
            line(String.format("%d alternating windows each of %d REST-started 3-step no-op runs, offered at 4,000/s on 16 connections "
                    + "(far above what either takes: the machine is saturated), after 60 s at 400 runs/s to warm up; medians:", rounds, perWindow));
            String[] labels = {"runs/s", "CPU per step, ms", "JVM per step, ms", "PostgreSQL per step, ms"};
            for (int metric = 0; metric < labels.length; metric++) {
                double a = median(sides.get(0).windows, metric);
                double b = median(sides.get(1).windows, metric);
                int better = 0;
                for (int w = 0; w < rounds; w++) {
                    double va = sides.get(0).windows.get(w)[metric];
                    double vb = sides.get(1).windows.get(w)[metric];
                    better += (metric == 0 ? vb > va : vb < va) ? 1 : 0;
                }
                line(String.format("  %-24s %s %8.3f   %s %8.3f   (%+.1f %%; %s better in %d of %d pairs)", labels[metric], sides.get(0).name, a,
                        sides.get(1).name, b, (b - a) / a * 100, sides.get(1).name, better, rounds));
                for (Side side : sides) {
                    int m = metric;
                    line("      " + side.name + ": " + String.join(", ", side.windows.stream().map(v -> String.format("%.3f", v[m])).toList()));
                }
            }
        } finally {
            for (Side side : sides) {
                side.db.close();
                side.app.close();
            }
        }
    }

    /** One window: runs/s, CPU per step (all, JVM, PostgreSQL), in ms. */
    private double[] window(Side side, int runs) throws Exception {
        double jvm = ProcessCpu.seconds(side.app.pid());
        double pg = ProcessCpu.treeSeconds(side.app.postmasterPid());
        long from = System.nanoTime();
        var load = OpenLoopLoad.run(side.app.uri("/api/v1/workflows/" + side.workflow + "/runs"), "{}", authorization(), 4000,
                Math.max(1, runs / 4000), 16);
        awaitFinished(side);
        double seconds = (System.nanoTime() - from) / 1e9;
        if (load.failures() > 0 || load.bodies().size() != load.sent()) {
            throw new IllegalStateException(side.name + ": " + load.failures() + " failed, answers " + load.statuses());
        }
        double steps = load.sent() * (double) STEPS;
        double jvmMs = (ProcessCpu.seconds(side.app.pid()) - jvm) * 1000 / steps;
        double pgMs = (ProcessCpu.treeSeconds(side.app.postmasterPid()) - pg) * 1000 / steps;
        return new double[]{load.sent() / seconds, jvmMs + pgMs, jvmMs, pgMs};
    }

    private void awaitFinished(Side side) throws Exception {
        for (int i = 0; i < 6000; i++) {
            try (var st = side.db.createStatement(); ResultSet rs = st.executeQuery("select count(*) from runs where finished_at is null")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(side.name + ": runs still unfinished after 60 s");
    }

    private UUID publish(ProductionJar app) throws Exception {
        var created = http.send(HttpRequest.newBuilder(app.uri("/api/v1/workflows")).header("Authorization", "Bearer " + ProductionJar.API_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Figures.chain(STEPS))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Creating a workflow answered " + created.statusCode() + ": " + created.body());
        }
        UUID id = UUID.fromString(json.readTree(created.body()).get("id").asText());
        var published = http.send(HttpRequest.newBuilder(app.uri("/api/v1/workflows/" + id + "/publish"))
                .header("Authorization", "Bearer " + ProductionJar.API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (published.statusCode() / 100 != 2) {
            throw new IllegalStateException("Publishing answered " + published.statusCode() + ": " + published.body());
        }
        return id;
    }

    private static double median(List<double[]> windows, int metric) {
        double[] values = windows.stream().mapToDouble(v -> v[metric]).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static String authorization() {
        return "Authorization: Bearer " + ProductionJar.API_KEY + "\r\n";
    }

    private void line(String text) throws java.io.IOException {
        out.append(text).append('\n');
        System.out.println(text);
        Files.writeString(Path.of("target", "http-ab.txt"), out.toString());
    }
}
