package io.flowmeter.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.UUID;

/**
 * The second part of {@code bench/runs.sh}: the 100-step run view's render time in headless Chromium against the
 * production jar (what users run: production bundle, React's production build), which the script starts on the data
 * directory {@link RunsBenchmark} seeded. Appends to {@code target/runs-benchmark.txt}. No Spring context of its own.
 */
class RunViewRenderBenchmark {

    static final Path SEEDED = Path.of("target", "runs-bench-seeded.properties");

    /** Where the seeded 100-step run is, for the run against the production jar. */
    static void remember(String email, UUID runId, UUID workflowId) throws IOException {
        Properties seeded = new Properties();
        seeded.setProperty("email", email);
        seeded.setProperty("run", runId.toString());
        seeded.setProperty("workflow", workflowId.toString());
        try (Writer out = Files.newBufferedWriter(SEEDED)) {
            seeded.store(out, "written by RunsBenchmark for RunViewRenderBenchmark");
        }
    }

    @Test
    void hundredStepRunViewOnTheProductionJar() throws Exception {
        String base = System.getProperty("bench.base-url");
        if (base == null || !Files.exists(SEEDED)) {
            throw new IllegalStateException("Run by bench/runs.sh with BENCH_JAR set, after RunsBenchmark seeded target/runs-bench-db");
        }
        Properties seeded = new Properties();
        try (Reader in = Files.newBufferedReader(SEEDED)) {
            seeded.load(in);
        }
        StringBuilder report = new StringBuilder();
        RunViewRender.measure(base, "production jar " + System.getProperty("bench.jar", ""), seeded.getProperty("email"),
                UUID.fromString(seeded.getProperty("run")), UUID.fromString(seeded.getProperty("workflow")), 100,
                Integer.getInteger("bench.browser-rounds", 20), report);
        report.append(Machine.describe()).append('\n');
        System.out.print(report);
        Files.writeString(Path.of("target", "runs-benchmark.txt"), report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
