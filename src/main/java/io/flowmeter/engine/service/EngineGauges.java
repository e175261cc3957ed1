package io.flowmeter.engine.service;

import io.flowmeter.shared.PeriodicTask;
import io.flowmeter.tenancy.TenantContext;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges of the whole cluster's state, read from the database every 15 s (so every node reports the same values; take
 * one node's, not their sum): runs in progress by status, parked runs, and JobRunr's jobs by state (its queue depth).
 * A few indexed counts per round.
 */
@Component
class EngineGauges extends PeriodicTask {

    static final Duration INTERVAL = Duration.ofSeconds(15);
    private static final List<String> RUN_STATUSES = List.of("RUNNING", "PAUSED");
    private static final List<String> JOB_STATES = List.of("ENQUEUED", "SCHEDULED", "PROCESSING");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Map<String, AtomicLong> runs = Map.of("RUNNING", new AtomicLong(), "PAUSED", new AtomicLong());
    private final AtomicLong parked = new AtomicLong();
    private final Map<String, AtomicLong> jobs = Map.of("ENQUEUED", new AtomicLong(), "SCHEDULED", new AtomicLong(), "PROCESSING", new AtomicLong());

    EngineGauges(JdbcTemplate jdbc, TransactionTemplate tx, MeterRegistry registry) {
        super("flowmeter-engine-gauges", INTERVAL);
        this.jdbc = jdbc;
        this.tx = tx;
        RUN_STATUSES.forEach(status -> Gauge.builder("flowmeter.runs.active", runs.get(status), AtomicLong::get)
                .description("Runs in progress across the cluster, by status").tag("status", status.toLowerCase(java.util.Locale.ROOT))
                .register(registry));
        Gauge.builder("flowmeter.runs.parked", parked, AtomicLong::get).description("Failed runs parked for a retry by hand").register(registry);
        JOB_STATES.forEach(state -> Gauge.builder("flowmeter.jobrunr.jobs", jobs.get(state), AtomicLong::get)
                .description("JobRunr jobs by state (ENQUEUED is the queue depth)").tag("state", state.toLowerCase(java.util.Locale.ROOT))
                .register(registry));
    }

    @Override
    protected void runOnce() {
        TenantContext.runAsPlatform(() -> tx.executeWithoutResult(status -> {
            Map<String, Long> byStatus = new java.util.HashMap<>();
            jdbc.query("select status, count(*) from runs where status in ('RUNNING', 'PAUSED') group by status",
                    rs -> {
                        byStatus.put(rs.getString(1), rs.getLong(2));
                    });
            RUN_STATUSES.forEach(s -> runs.get(s).set(byStatus.getOrDefault(s, 0L)));
            Long parkedRuns = jdbc.queryForObject("select count(*) from runs where parked", Long.class);
            parked.set(parkedRuns == null ? 0 : parkedRuns);
            Map<String, Long> byState = new java.util.HashMap<>();
            jdbc.query("select state, count(*) from jobrunr_jobs where state in ('ENQUEUED', 'SCHEDULED', 'PROCESSING') group by state",
                    rs -> {
                        byState.put(rs.getString(1), rs.getLong(2));
                    });
            JOB_STATES.forEach(s -> jobs.get(s).set(byState.getOrDefault(s, 0L)));
        }));
    }

    @Override
    protected String description() {
        return "engine gauges";
    }
}
