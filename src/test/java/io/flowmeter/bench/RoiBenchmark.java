package io.flowmeter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import io.flowmeter.admin.service.PlatformAdminService;
import io.flowmeter.analytics.service.RoiReports;
import io.flowmeter.analytics.service.RoiService;
import io.flowmeter.analytics.ui.RoiDashboardView;
import io.flowmeter.database.DatabaseProperties;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.identity.service.ApiKeyService;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.service.WorkflowService;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;

/**
 * The ROI benchmark (not part of the test gate; {@code bench/roi.sh}): on a tenant whose million runs over 90 days
 * left about five million step facts ({@code bench/seed-roi.sql}, next to other tenants' history), rolled up hourly
 * but for the newest facts, the server time of the summary (30 and 90 days) as the service computes it, the same and
 * the daily series over REST, a workflow's figures (summary, versions, series) and the dashboard at {@code /roi}
 * opened browserless; the plans of the reports' SQL, also as the generic plans of prepared statements and as they were
 * before this benchmark's findings; the data's size; percentiles and the machine.
 */
class RoiBenchmark extends KaribuTest {

    static final int RUNS = Integer.getInteger("bench.runs", 1_000_000);
    static final int OTHER_TENANTS = Integer.getInteger("bench.other-tenants", 2);
    static final int OTHER_RUNS = Integer.getInteger("bench.other-runs", 50_000);
    static final int DAYS = Integer.getInteger("bench.days", 90);
    static final int UNROLLED = Integer.getInteger("bench.unrolled", 2_000);
    static final int WARM_UP = Integer.getInteger("bench.warmup", 10);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 60);

    @LocalServerPort int port;
    @Autowired PlatformAdminService admin;
    @Autowired SignInService signIn;
    @Autowired WorkflowService workflows;
    @Autowired ApiKeyService apiKeys;
    @Autowired RoiService roi;
    @Autowired io.flowmeter.analytics.service.AlertService alerts;
    @Autowired ObjectMapper json;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired @Qualifier("owner") DataSource ownerDataSource;
    @Autowired DatabaseProperties database;

    static {
        // as in RunsBenchmark: Vaadin's dev-mode component tracker costs a screen about 15 % of its CPU; production
        // mode has none
        System.setProperty("vaadin.devmode.componentTracker.enabled", "false");
        // the rollup stays off while the benchmark measures, so the reports read the seed's newest facts not rolled up
        // (a live system has a few seconds' worth; the rollup would add them to roi_hourly within 5 s)
        System.setProperty("flowmeter.analytics.rollup-interval", "365d");
    }

    private final StringBuilder report = new StringBuilder();
    private final StringBuilder plans = new StringBuilder();

    @Test
    void roiReportsOnAMillionRuns() throws Exception {
        JdbcTemplate owner = new JdbcTemplate(ownerDataSource);
        StringBuilder seedLog = new StringBuilder();
        var seeded = new RoiSeed(data, admin, signIn, workflows, json, ownerDataSource).seed(RUNS, OTHER_TENANTS, OTHER_RUNS, DAYS, UNROLLED, seedLog);
        UUID tenant = seeded.tenant();
        signIn(signIn.authenticate(seeded.ownerId(), tenant));

        String loadBefore = BenchmarkReports.loadAverage();
        report.append("ROI benchmark\n");
        report.append(seeded.reused() ? "seed: reused the data directory's seed\n"
                : String.format("seed: %.0f s in all (workflows through the services, bench/seed-roi.sql per tenant, vacuum)%n", seeded.seconds()));
        report.append(seedLog);
        long unrolledBefore = describeData(owner, tenant);

        LocalDate today = roi.today();
        LocalDate from30 = today.minusDays(29);
        LocalDate from90 = today.minusDays(89);
        UUID workflow = owner.queryForObject("select id from workflows where tenant_id = ? and name = 'Order intake'", UUID.class, tenant);
        checkAgainstFacts(owner, tenant, from90, today);

        report.append(String.format("%nServer time of the service calls (as the REST endpoints and the views make them; wall clock and the "
                + "calling thread's CPU), %d rounds after %d warm-up rounds:%n", ROUNDS, WARM_UP));
        measure("RoiService.summary, last 30 days", () -> roi.summary(from30, today, null), s -> s.sums().runs() > 0);
        measure("RoiService.summary, last 90 days", () -> roi.summary(from90, today, null), s -> s.sums().runs() > 0);
        measure("workflow page (summary + byVersion + series), 90 days", () -> List.of(roi.summary(from90, today, workflow),
                        roi.byVersion(from90, today, workflow), roi.series(from90, today, RoiReports.Interval.DAY, workflow)),
                parts -> ((List<?>) parts.get(1)).size() == 3 && ((List<?>) parts.get(2)).size() == 90);
        measure("  of which RoiService.summary (workflow)", () -> roi.summary(from90, today, workflow), s -> s.sums().runs() > 0);
        measure("  of which RoiService.byVersion", () -> roi.byVersion(from90, today, workflow), v -> v.size() == 3);
        measure("  of which RoiService.series by day (workflow)", () -> roi.series(from90, today, RoiReports.Interval.DAY, workflow),
                s -> s.size() == 90);
        measure("RoiService.byWorkflow, last 30 days", () -> roi.byWorkflow(from30, today), g -> g.size() == 20);
        measure("RoiService.series by day, last 30 days", () -> roi.series(from30, today, RoiReports.Interval.DAY, null), s -> s.size() == 30);
        // what /roi asks the services for, without building the view: where the screen's time goes
        measure("/roi's service calls alone (30 days; 20 workflow names)", () -> {
            RoiService.Dashboard dashboard = roi.dashboard(from30, today, RoiReports.Interval.DAY);
            List<Object> answers = new ArrayList<>(List.of(roi.today(), dashboard, roi.restatements(), alerts.open(null)));
            answers.addAll(workflows.names(dashboard.byWorkflow().stream().map(g -> UUID.fromString(g.key())).toList()).values());
            return answers;
        }, answers -> answers.size() == 24);
        measure("  of which RoiService.dashboard (workflows, series, period before)", () -> roi.dashboard(from30, today, RoiReports.Interval.DAY),
                d -> d.byWorkflow().size() == 20 && d.series().size() == 30);
        List<UUID> shown = roi.byWorkflow(from30, today).stream().map(g -> UUID.fromString(g.key())).toList();
        measure("  of which WorkflowService.names, one query for 20", () -> workflows.names(shown), names -> names.size() == 20);

        measureRest(tenant, from30, from90, today);

        report.append(String.format("%nServer time of /roi, browserless (Karibu: navigation, the view's queries and the UIDL response "
                + "built as the servlet would; Vaadin dev mode without its component tracker), %d rounds after %d warm-up rounds:%n",
                ROUNDS, WARM_UP));
        screen("/roi (default: last 30 days, by day)", () -> UI.getCurrent().navigate("roi"));
        screen("/roi last 90 days, by day", () -> UI.getCurrent().navigate("roi", QueryParameters.simple(Map.of(
                "from", from90.toString(), "to", today.toString(), "interval", "day"))));

        plans.append("\nQuery plans: EXPLAIN (ANALYZE, BUFFERS) as the runtime role, row-level security on, of the SQL RoiReports sends\n");
        report.append("\nReport query plans (nodes, rows, buffers, execution time; full plans at the end):\n");
        Map<String, Statement> statements = new LinkedHashMap<>();
        statements.put("summary, last 30 days", statement(tenant, null, null, null, from30, today));
        statements.put("summary, the 30 days before (comparison)", statement(tenant, null, null, null, from30.minusDays(30), from30.minusDays(1)));
        statements.put("summary, last 90 days", statement(tenant, null, null, null, from90, today));
        statements.put("summary of a workflow, 90 days", statement(tenant, workflow, null, null, from90, today));
        statements.put("series by day, 90 days", statement(tenant, null, "date_trunc('day', local_day)::date::text", "1", from90, today));
        statements.put("by workflow, last 30 days", statement(tenant, null, "workflow_id::text",
                "coalesce(sum(value_saved), 0) - coalesce(sum(cost), 0) desc", from30, today));
        statements.put("by version of a workflow, 90 days", statement(tenant, workflow, "version_number::text", "min(version_number)", from90, today));
        statements.forEach((label, statement) -> {
            plans.append("\n-- SQL of ").append(label).append('\n').append(statement.sql().strip()).append('\n');
            BenchmarkReports.explain(report, plans, label, TenantContext.callAsTenant(tenant, () -> tx.execute(s -> jdbc.queryForList(
                    "explain (analyze, buffers) " + statement.sql(), String.class, statement.args()))));
        });
        explainGeneric(tenant, statements);
        explainBefore(tenant, statements);

        long unrolledAfter = unrolled(owner, tenant);
        report.append(String.format("%nfacts not rolled up: %,d before the measurements, %,d after (the rollup was off)%n", unrolledBefore, unrolledAfter));
        report.append('\n').append(Machine.describe()).append('\n');
        report.append("load average (1, 5, 15 min) when the measurements began: ").append(loadBefore).append("; at the end: ")
                .append(BenchmarkReports.loadAverage()).append(" (the machine is shared: other builds count too)\n");
        report.append(BenchmarkReports.postgresSettings(owner)).append('\n');
        String out = report + plans.toString();
        System.out.print(out);
        Files.writeString(Path.of("target", "roi-benchmark.txt"), out);
    }

    /**
     * Times {@code call} (wall clock and the calling thread's CPU: the JVM's own work, which travels between machines
     * better than wall time on a shared one); checks its answer once.
     */
    private <T> void measure(String label, Supplier<T> call, Predicate<T> check) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Long> times = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        for (int i = 0; i < WARM_UP + ROUNDS; i++) {
            long cpuStarted = threads.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            T answer = call.get();
            long took = System.nanoTime() - started;
            long cpuTook = threads.getCurrentThreadCpuTime() - cpuStarted;
            if (i == 0 && !check.test(answer)) {
                throw new AssertionError(label + ": unexpected answer " + answer);
            }
            if (i >= WARM_UP) {
                times.add(took);
                cpu.add(cpuTook);
            }
        }
        report.append(String.format("  %-56s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms  JVM CPU p50 %5.1f ms%n", label,
                BenchmarkSupport.ms(BenchmarkSupport.pct(times, 50)), BenchmarkSupport.ms(BenchmarkSupport.pct(times, 95)),
                BenchmarkSupport.ms(BenchmarkSupport.pct(times, 100)), BenchmarkSupport.ms(BenchmarkSupport.pct(cpu, 50))));
    }

    /** As RunsBenchmark's screen: the navigation and the response built after it, from another screen each round. */
    private void screen(String label, Runnable action) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Long> times = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < WARM_UP + ROUNDS; i++) {
            BenchmarkReports.leave();
            long cpuStarted = threads.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            action.run();
            bytes = BenchmarkReports.respond();
            long took = System.nanoTime() - started;
            long cpuTook = threads.getCurrentThreadCpuTime() - cpuStarted;
            if (i == 0) {
                String shown = _get(RoiDashboardView.class).getElement().getTextRecursively();
                if (!shown.contains("Hours saved") || !shown.contains("Top workflows by net value")) {
                    throw new AssertionError(label + ": the dashboard shows no figures");
                }
            }
            if (i >= WARM_UP) {
                times.add(took);
                cpu.add(cpuTook);
            }
        }
        report.append(String.format("  %-56s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms  JVM CPU p50 %5.1f ms  (%,d bytes)%n", label,
                BenchmarkSupport.ms(BenchmarkSupport.pct(times, 50)), BenchmarkSupport.ms(BenchmarkSupport.pct(times, 95)),
                BenchmarkSupport.ms(BenchmarkSupport.pct(times, 100)), BenchmarkSupport.ms(BenchmarkSupport.pct(cpu, 50)), bytes));
    }

    private void measureRest(UUID tenant, LocalDate from30, LocalDate from90, LocalDate today) throws Exception {
        String key = TenantContext.callAsTenant(tenant, () -> apiKeys.create("roi benchmark")).plaintext();
        ApiClient api = new ApiClient(port);
        report.append(String.format("%nREST over HTTP on localhost (round trip, API key), %d rounds after %d warm-up rounds:%n", ROUNDS, WARM_UP));
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("GET /api/v1/analytics/summary, last 30 days", "/api/v1/analytics/summary?from=" + from30 + "&to=" + today);
        paths.put("GET /api/v1/analytics/summary, last 90 days", "/api/v1/analytics/summary?from=" + from90 + "&to=" + today);
        paths.put("GET /api/v1/analytics/series?interval=day, 90 days", "/api/v1/analytics/series?interval=day&from=" + from90 + "&to=" + today);
        for (var path : paths.entrySet()) {
            List<Long> times = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < WARM_UP + ROUNDS; i++) {
                long started = System.nanoTime();
                var answer = api.call("GET", path.getValue(), null, key);
                long took = System.nanoTime() - started;
                if (answer.statusCode() != 200) {
                    throw new AssertionError(path.getKey() + ": " + answer.statusCode() + " " + answer.body());
                }
                if (i == 0 && api.body(answer).path("runs").asLong(-1) == 0) {
                    throw new AssertionError(path.getKey() + ": no runs in " + answer.body());
                }
                bytes = answer.body().length();
                if (i >= WARM_UP) {
                    times.add(took);
                }
            }
            report.append(String.format("  %-56s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms                      (%,d bytes)%n", path.getKey(),
                    BenchmarkSupport.ms(BenchmarkSupport.pct(times, 50)), BenchmarkSupport.ms(BenchmarkSupport.pct(times, 95)),
                    BenchmarkSupport.ms(BenchmarkSupport.pct(times, 100)), bytes));
        }
    }

    /** A statement as RoiReports sends it. */
    private record Statement(String sql, Object[] args) {
    }

    /**
     * The statement RoiReports sends: its own SQL fragments and argument list (read from the class, so the plan is of
     * the SQL it really sends), put together as its sums (no key) and grouped reports (key and order) do.
     */
    private static Statement statement(UUID tenant, @Nullable UUID workflowId, @Nullable String key, @Nullable String order,
                                       LocalDate from, LocalDate to) throws Exception {
        Field columns = RoiReports.class.getDeclaredField("COLUMNS");
        columns.setAccessible(true);
        Method source = RoiReports.class.getDeclaredMethod("source", UUID.class);
        source.setAccessible(true);
        Method args = RoiReports.class.getDeclaredMethod("args", UUID.class, String.class, LocalDate.class, LocalDate.class, UUID.class);
        args.setAccessible(true);
        String sources = (String) source.invoke(null, workflowId);
        String sql = key == null ? "select " + columns.get(null) + " from " + sources
                : "select " + key + ", " + columns.get(null) + " from " + sources + " group by 1 order by " + order;
        return new Statement(sql, ((List<?>) args.invoke(null, tenant, "EUR", from, to, workflowId)).toArray());
    }

    /**
     * The plans PostgreSQL may cache for the statements: pgjdbc prepares a statement on the server after 5 uses on a
     * connection, and the server may then keep a generic plan, made without the parameters' values (which tenant,
     * which days). Explained as the runtime role with plan_cache_mode = force_generic_plan.
     */
    private void explainGeneric(UUID tenant, Map<String, Statement> statements) {
        report.append("\nThe same as prepared statements, in the generic plan the server may cache (plan_cache_mode = force_generic_plan):\n");
        plans.append("\nGeneric plans\n");
        statements.forEach((label, statement) -> {
            Generic generic = generic(statement);
            BenchmarkReports.explain(report, plans, label, TenantContext.callAsTenant(tenant, () -> tx.execute(s -> {
                jdbc.execute("set local plan_cache_mode = force_generic_plan");
                jdbc.execute(generic.prepare());
                try {
                    return jdbc.queryForList(generic.execute(), String.class);
                } finally {
                    jdbc.execute("deallocate bench_generic");
                }
            })));
        });
    }

    /** A statement as a prepared one ($1, $2, ... with their types) and the EXPLAIN of executing it with its values. */
    private record Generic(String prepare, String execute) {
    }

    private static Generic generic(Statement statement) {
        String sql = statement.sql();
        for (int n = 1; sql.contains("?"); n++) {
            sql = sql.replaceFirst("\\?", "\\$" + n);
        }
        List<String> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Object arg : statement.args()) {
            // the driver sends text as varchar, which the server turns into the column's char(3) (the plans show 'EUR'::bpchar)
            types.add(arg instanceof UUID ? "uuid" : arg instanceof LocalDate ? "date" : "bpchar");
            values.add("'" + arg + "'");
        }
        return new Generic("prepare bench_generic (" + String.join(", ", types) + ") as " + sql,
                "explain (analyze, buffers) execute bench_generic (" + String.join(", ", values) + ")");
    }

    /**
     * The plans before this benchmark's findings, on the same data: the statements as they read the hourly rollup, with
     * the index it added dropped inside a transaction that is rolled back, as the runtime role (row-level security on);
     * as the driver sends them at first (custom plans) and as a generic plan.
     */
    private void explainBefore(UUID tenant, Map<String, Statement> statements) throws Exception {
        report.append("\nBefore (the same reports reading roi_hourly, as RoiReports did, without roi_facts_unrolled_tenant; changesets "
                + "analytics-daily and analytics-facts-unrolled-by-tenant), custom plan, then generic plan:\n");
        plans.append("\nPlans before (the reports reading roi_hourly, without roi_facts_unrolled_tenant), custom and generic\n");
        try (Connection connection = ownerDataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                JdbcTemplate session = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
                session.execute("drop index roi_facts_unrolled_tenant");
                session.execute("set local role " + database.appUser());
                session.queryForList("select set_config('app.tenant_id', ?, true)", tenant.toString());
                statements.forEach((label, statement) -> BenchmarkReports.explain(report, plans, label, session.queryForList(
                        "explain (analyze, buffers) " + statement.sql().replace(" from roi_daily ", " from roi_hourly "), String.class,
                        statement.args())));
                session.execute("set local plan_cache_mode = force_generic_plan");
                statements.forEach((label, statement) -> {
                    Generic generic = generic(new Statement(statement.sql().replace(" from roi_daily ", " from roi_hourly "), statement.args()));
                    session.execute(generic.prepare());
                    BenchmarkReports.explain(report, plans, label + " (generic)", session.queryForList(generic.execute(), String.class));
                    session.execute("deallocate bench_generic");
                });
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }


    /** The summary over 90 days (rollup plus facts not rolled up) against the facts' own sums: each fact counted once. */
    private void checkAgainstFacts(JdbcTemplate owner, UUID tenant, LocalDate from, LocalDate to) {
        Map<String, Object> facts = owner.queryForMap("""
                select count(*) filter (where kind = 'RUN') as runs, coalesce(sum(value_saved), 0) as value, coalesce(sum(cost), 0) as cost
                from roi_facts where tenant_id = ? and local_day between ? and ? and (kind <> 'VALUE' or status <> 'PENDING')
                """, tenant, from, to);
        var sums = roi.summary(from, to, null).sums();
        boolean same = ((Number) facts.get("runs")).longValue() == sums.runs()
                && ((BigDecimal) facts.get("value")).compareTo(sums.valueSaved()) == 0 && ((BigDecimal) facts.get("cost")).compareTo(sums.cost()) == 0;
        report.append(String.format("check: the 90-day summary (rollup + facts not rolled up) gives %,d runs, value %s, cost %s EUR; the facts "
                + "themselves %,d, %s, %s: %s%n", sums.runs(), sums.valueSaved().toPlainString(), sums.cost().toPlainString(),
                ((Number) facts.get("runs")).longValue(), ((BigDecimal) facts.get("value")).toPlainString(),
                ((BigDecimal) facts.get("cost")).toPlainString(), same ? "the same" : "MISMATCH"));
        if (!same) {
            throw new AssertionError("The summary does not add up to the facts: " + report);
        }
    }

    private static long unrolled(JdbcTemplate owner, UUID tenant) {
        Long count = owner.queryForObject("select count(*) from roi_facts where tenant_id = ? and not rolled", Long.class, tenant);
        return count == null ? 0 : count;
    }

    /** The data in figures; returns the tenant's facts not rolled up. */
    private long describeData(JdbcTemplate owner, UUID tenant) {
        StringBuilder kinds = new StringBuilder();
        owner.queryForList("select kind, count(*) as n from roi_facts where tenant_id = ? group by kind order by count(*) desc", tenant)
                .forEach(r -> kinds.append(String.format(" %s %,d;", r.get("kind"), ((Number) r.get("n")).longValue())));
        Map<String, Object> mix = owner.queryForMap("""
                select count(*) as facts, count(*) filter (where kind <> 'RUN') as step_facts,
                       count(*) filter (where kind = 'RUN' and status = 'SUCCEEDED') as succeeded,
                       count(*) filter (where kind = 'RUN' and status = 'FAILED') as failed,
                       count(*) filter (where kind = 'RUN' and status = 'CANCELLED') as cancelled,
                       count(*) filter (where not rolled) as unrolled, count(distinct workflow_id) as workflows,
                       count(distinct version_id) as versions, min(at) as oldest, max(at) as newest
                from roi_facts where tenant_id = ?
                """, tenant);
        long hourly = owner.queryForObject("select count(*) from roi_hourly where tenant_id = ?", Long.class, tenant);
        long daily = owner.queryForObject("select count(*) from roi_daily where tenant_id = ?", Long.class, tenant);
        Map<String, Object> all = owner.queryForMap("""
                select (select count(*) from roi_facts) as facts, (select count(*) from roi_facts where not rolled) as unrolled,
                       (select count(*) from roi_hourly) as hourly, (select count(*) from roi_daily) as daily,
                       (select count(distinct tenant_id) from roi_facts) as tenants,
                       (select count(*) from roi_assumptions where tenant_id = ?) as assumptions
                """, tenant);
        report.append(String.format("data: the tenant has %,d facts (%,d of steps) over %s workflows and %s versions (%s to %s):%s runs %,d "
                        + "succeeded, %,d failed, %,d cancelled; %,d facts not rolled up; %,d rows in roi_hourly, %,d in roi_daily; "
                        + "%s assumptions. All tenants: %,d facts (%,d not rolled up), %,d hourly and %,d daily rows in %s tenants.%n",
                ((Number) mix.get("facts")).longValue(), ((Number) mix.get("step_facts")).longValue(), mix.get("workflows"), mix.get("versions"),
                mix.get("oldest"), mix.get("newest"), kinds, ((Number) mix.get("succeeded")).longValue(), ((Number) mix.get("failed")).longValue(),
                ((Number) mix.get("cancelled")).longValue(), ((Number) mix.get("unrolled")).longValue(), hourly, daily, all.get("assumptions"),
                ((Number) all.get("facts")).longValue(), ((Number) all.get("unrolled")).longValue(), ((Number) all.get("hourly")).longValue(),
                ((Number) all.get("daily")).longValue(), all.get("tenants")));
        report.append("heap order (pg_stats correlation, 1: the table is in that order):");
        owner.queryForList("select attname, correlation from pg_stats where tablename = 'roi_facts' and attname in ('id', 'at') order by attname")
                .forEach(r -> report.append(String.format(" %s %.3f;", r.get("attname"), ((Number) r.get("correlation")).doubleValue())));
        report.append("\nsizes (table + its indexes):");
        owner.queryForList("""
                select c.relname as name, pg_size_pretty(pg_table_size(c.oid)) as heap, pg_size_pretty(pg_indexes_size(c.oid)) as indexes
                from pg_class c where c.relname in ('roi_facts', 'roi_hourly', 'roi_daily') and c.relkind = 'r' order by c.relname
                """).forEach(r -> report.append(String.format(" %s %s + %s;", r.get("name"), r.get("heap"), r.get("indexes"))));
        report.append("\nindexes:");
        owner.queryForList("""
                select relname as table, indexrelname as name, pg_size_pretty(pg_relation_size(indexrelid)) as size
                from pg_stat_user_indexes where relname in ('roi_facts', 'roi_hourly', 'roi_daily') order by relname, indexrelname
                """).forEach(r -> report.append(String.format(" %s.%s %s;", r.get("table"), r.get("name"), r.get("size"))));
        report.append('\n');
        return ((Number) mix.get("unrolled")).longValue();
    }


}
