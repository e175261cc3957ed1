package io.flowmeter.engine.service;

import io.opentelemetry.sdk.trace.IdGenerator;
import org.jspecify.annotations.Nullable;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Trace and span ids for runs: a run's trace id is its id (both 128 bits), and its span's id is derived from it, so a
 * step on any node finds its parent without asking the database. Spring Boot's SDK uses this generator
 * ({@link TracingConfiguration}); it answers random ids except while {@link #withIdsOf} creates a run's span.
 */
final class RunTraceIds implements IdGenerator {

    private static final IdGenerator RANDOM = IdGenerator.random();
    private static final ThreadLocal<@Nullable UUID> RUN = new ThreadLocal<>();

    static String traceId(UUID runId) {
        return hex(runId.getMostSignificantBits()) + hex(runId.getLeastSignificantBits());
    }

    /** Never all zeros (an invalid span id). */
    static String spanId(UUID runId) {
        long id = runId.getMostSignificantBits() ^ Long.rotateLeft(runId.getLeastSignificantBits(), 17);
        return hex(id == 0 ? 1 : id);
    }

    /** Creates a span (with {@code create}) whose trace and span ids are the run's. */
    static <T> T withIdsOf(UUID runId, Supplier<T> create) {
        RUN.set(runId);
        try {
            return create.get();
        } finally {
            RUN.remove();
        }
    }

    @Override
    public String generateSpanId() {
        UUID run = RUN.get();
        return run == null ? RANDOM.generateSpanId() : spanId(run);
    }

    @Override
    public String generateTraceId() {
        UUID run = RUN.get();
        return run == null ? RANDOM.generateTraceId() : traceId(run);
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
