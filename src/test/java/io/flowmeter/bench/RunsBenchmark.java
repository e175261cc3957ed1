package io.flowmeter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.router.QueryParameters;
import io.flowmeter.admin.service.PlatformAdminService;
import io.flowmeter.database.DatabaseProperties;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.service.RunQueries;
import io.flowmeter.engine.service.RunService.RunFilter;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.ui.RunScreens;
import io.flowmeter.engine.ui.RunView;
import io.flowmeter.engine.ui.RunsView;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.identity.service.ApiKeyService;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.service.WorkflowService;
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
import java.nio.file.Files;
import java.sql.Connection;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;

/**
 * The runs benchmark (not part of the test gate; {@code bench/runs.sh}): on a tenant with a million runs and five
 * million step runs ({@code bench/seed-runs.sql}, next to other tenants' history), the server time of opening the
 * runs list with each filter, of "Show more", and of opening a 5-step and a 100-step run; the same over REST; the
 * plans of the list's queries; and, in headless Chromium, the time until the 100-step run's canvas shows every step.
 * Prints percentiles and the machine.
 */
class RunsBenchmark extends KaribuTest {

    static final int RUNS = Integer.getInteger("bench.runs", 1_000_000);
    static final int OTHER_TENANTS = Integer.getInteger("bench.other-tenants", 3);
    static final int OTHER_RUNS = Integer.getInteger("bench.other-runs", 50_000);
    static final int DAYS = Integer.getInteger("bench.days", 90);
    static final int WARM_UP = Integer.getInteger("bench.warmup", 10);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 60);
    static final int BROWSER_ROUNDS = Integer.getInteger("bench.browser-rounds", 20);

    @LocalServerPort int port;
    @Autowired PlatformAdminService admin;
    @Autowired SignInService signIn;
    @Autowired WorkflowService workflows;
    @Autowired ApiKeyService apiKeys;
    @Autowired ObjectMapper json;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired @Qualifier("owner") DataSource ownerDataSource;
    @Autowired DatabaseProperties database;

    static {
        // Vaadin's dev-mode component tracker (where each component was created, for the IDE plugin: a stack walk and
        // class-path lookups per component) took about 15 % of a screen's CPU here; production mode has none. The
        // tests run in dev mode (no production bundle), so the benchmark turns just the tracker off.
        System.setProperty("vaadin.devmode.componentTracker.enabled", "false");
    }

    private final StringBuilder report = new StringBuilder();
    private final StringBuilder plans = new StringBuilder();

    /** One measured case: what it opens and what must be on the screen afterwards. */
    private record Case(String label, Map<String, String> query, Predicate<List<RunRow>> expected, RunFilter filter) {
    }

    @Test
    void runsListAndRunViewOnAMillionRuns() throws Exception {
        JdbcTemplate owner = new JdbcTemplate(ownerDataSource);
        StringBuilder seedLog = new StringBuilder();
        var seeded = new RunsSeed(data, admin, signIn, workflows, json, ownerDataSource).seed(RUNS, OTHER_TENANTS, OTHER_RUNS, DAYS, seedLog);
        UUID tenant = seeded.tenant();
        signIn(signIn.authenticate(seeded.ownerId(), tenant));

        String loadBefore = BenchmarkReports.loadAverage();
        report.append("Runs benchmark\n");
        report.append(seeded.reused() ? "seed: reused the data directory's seed\n"
                : String.format("seed: %.0f s in all (workflows through the services, bench/seed-runs.sql per tenant)%n", seeded.seconds()));
        report.append(seedLog);
        describeData(owner, tenant);

        // what the filters pick: a busy workflow, a business key of a few runs, a day a month ago, a 5-step run
        UUID workflow = owner.queryForObject("select id from workflows where tenant_id = ? and name = 'Order intake'", UUID.class, tenant);
        String key = owner.queryForObject("""
                select business_key from runs where tenant_id = ? and business_key is not null
                group by business_key having count(*) between 2 and 5 order by business_key limit 1
                """, String.class, tenant);
        LocalDate day = LocalDate.now(ZoneId.systemDefault()).minusDays(30);
        UUID fiveSteps = owner.queryForObject("""
                select r.id from runs r where r.tenant_id = ? and r.workflow_id = ? and r.status = 'SUCCEEDED'
                order by r.created_at desc limit 1
                """, UUID.class, tenant, workflow);
        Instant dayStart = day.atStartOfDay(ZoneId.systemDefault()).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant();

        List<Case> cases = List.of(
                new Case("no filter", Map.of(), rows -> rows.size() == 50, RunFilter.ALL),
                new Case("status FAILED", Map.of("status", "FAILED"), rows -> rows.size() == 50
                        && rows.stream().allMatch(r -> r.status() == RunStatus.FAILED), RunFilter.ALL.withStatus(RunStatus.FAILED, false, false)),
                new Case("status PARKED", Map.of("status", "PARKED"), rows -> rows.size() == 50 && rows.stream().allMatch(RunRow::parked),
                        RunFilter.ALL.withStatus(null, true, false)),
                new Case("status WAITING", Map.of("status", "WAITING"), rows -> !rows.isEmpty()
                        && rows.stream().allMatch(r -> r.status() == RunStatus.RUNNING), RunFilter.ALL.withStatus(null, false, true)),
                new Case("workflow (Order intake)", Map.of("workflow", workflow.toString()), rows -> rows.size() == 50
                        && rows.stream().allMatch(r -> r.workflowId().equals(workflow)), RunFilter.ALL.withWorkflow(workflow)),
                new Case("trigger manual", Map.of("trigger", "manual"), rows -> rows.size() == 50
                        && rows.stream().allMatch(r -> r.triggerKind().equals("manual")), RunFilter.ALL.withTrigger("manual")),
                new Case("trigger subworkflow (none)", Map.of("trigger", "subworkflow"), List::isEmpty, RunFilter.ALL.withTrigger("subworkflow")),
                new Case("1-day period", Map.of("from", day.toString(), "to", day.toString()), rows -> rows.size() == 50
                        && rows.stream().allMatch(r -> !r.createdAt().isBefore(dayStart) && r.createdAt().isBefore(dayEnd)),
                        RunFilter.ALL.withPeriod(dayStart, dayEnd)),
                new Case("business key " + key, Map.of("key", key), rows -> !rows.isEmpty() && rows.size() <= 5
                        && rows.stream().allMatch(r -> key.equals(r.businessKey())), RunFilter.ALL.withBusinessKey(key)));

        report.append(String.format("%nServer time, browserless (Karibu: navigation, the view's queries and the UIDL response "
                + "built as the servlet would; Vaadin dev mode without its component tracker), %d rounds after %d warm-up rounds:%n",
                ROUNDS, WARM_UP));
        for (Case c : cases) {
            screen("/runs " + c.label(), BenchmarkReports::leave, () -> UI.getCurrent().navigate("runs", QueryParameters.simple(c.query())), () -> {
                List<RunRow> shown = RunScreens.shown(_get(RunsView.class));
                if (!c.expected().test(shown)) {
                    throw new AssertionError(c.label() + ": unexpected rows " + shown.size());
                }
            });
        }
        measureShowMore();
        measureRunView("/runs/{id} 5-step run", fiveSteps, 5);
        measureRunView("/runs/{id} 100-step run", seeded.bigRun(), 100);

        measureRest(tenant, cases, fiveSteps, seeded.bigRun());

        plans.append("\nQuery plans: EXPLAIN (ANALYZE, BUFFERS) as the runtime role, row-level security on, of the SQL RunService sends\n");
        report.append("\nList query plans (nodes, rows, buffers, execution time; full plans at the end):\n");
        Map<String, RunQueries.Statement> statements = new LinkedHashMap<>();
        for (Case c : cases) {
            statements.put("list, " + c.label(), RunQueries.listPage(tenant, c.filter(), null, null, 50));
        }
        Map<String, Object> page = owner.queryForMap("""
                select created_at, id from runs where tenant_id = ? and scope_node is null order by created_at desc, id desc offset 49 limit 1
                """, tenant);
        statements.put("list, no filter, second page (cursor)", RunQueries.listPage(tenant, RunFilter.ALL,
                ((Timestamp) page.get("created_at")).toInstant(), (UUID) page.get("id"), 50));
        List<UUID> firstPage = owner.queryForList("""
                select id from runs where tenant_id = ? and scope_node is null order by created_at desc, id desc limit 50
                """, UUID.class, tenant);
        statements.put("step counts of a page (50 runs)", RunQueries.stepCounts(firstPage));
        statements.forEach((label, statement) -> {
            plans.append("\n-- SQL of ").append(label).append('\n').append(statement.sql().strip()).append('\n');
            BenchmarkReports.explain(report, plans, label, TenantContext.callAsTenant(tenant, () -> tx.execute(s -> jdbc.queryForList(
                    "explain (analyze, buffers) " + statement.sql(), String.class, statement.args().toArray()))));
        });
        explainGeneric(tenant);
        explainBefore(tenant, statements);

        measureIndexUpkeep(owner, tenant);

        RunViewRender.measure("http://127.0.0.1:" + port, "this test's server, dev-mode bundle", seeded.ownerEmail(), seeded.bigRun(),
                seeded.bigWorkflow(), 100, BROWSER_ROUNDS, report);
        RunViewRenderBenchmark.remember(seeded.ownerEmail(), seeded.bigRun(), seeded.bigWorkflow());

        report.append('\n').append(Machine.describe()).append('\n');
        report.append("load average (1, 5, 15 min) when the measurements began: ").append(loadBefore).append("; at the end: ")
                .append(BenchmarkReports.loadAverage()).append(" (the machine is shared: other builds count too)\n");
        report.append(BenchmarkReports.postgresSettings(owner)).append('\n');
        String out = report + plans.toString();
        System.out.print(out);
        Files.writeString(Path.of("target", "runs-benchmark.txt"), out);
    }

    private void measureShowMore() {
        screen("/runs \"Show more\" (page 2)", () -> {
            BenchmarkReports.leave();
            UI.getCurrent().navigate("runs");
            BenchmarkReports.respond();
        }, () -> _click(_get(Button.class, spec -> spec.withId("runs-more"))), () -> {
            if (RunScreens.shown(_get(RunsView.class)).size() != 100) {
                throw new AssertionError("Show more did not add a page");
            }
        });
    }

    private void measureRunView(String label, UUID runId, int steps) {
        screen(label, BenchmarkReports::leave, () -> UI.getCurrent().navigate("runs/" + runId), () -> {
            List<String> states = RunScreens.stepStates(_get(RunView.class));
            if (states.size() != steps) {
                throw new AssertionError(label + ": expected " + steps + " steps, saw " + states);
            }
        });
    }

    /**
     * Times {@code action} and the response built after it ({@code before} untimed), wall clock and the request
     * thread's CPU (the JVM's own work: it travels between machines better than wall time on a shared one); checks
     * the screen once.
     */
    private void screen(String label, Runnable before, Runnable action, Runnable check) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Long> times = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < WARM_UP + ROUNDS; i++) {
            before.run();
            long cpuStarted = threads.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            action.run();
            bytes = BenchmarkReports.respond();
            long took = System.nanoTime() - started;
            long cpuTook = threads.getCurrentThreadCpuTime() - cpuStarted;
            if (i == 0) {
                check.run();
            }
            if (i >= WARM_UP) {
                times.add(took);
                cpu.add(cpuTook);
            }
        }
        report.append(String.format("  %-44s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms  JVM CPU p50 %5.1f ms  (%,d bytes)%n", label,
                BenchmarkSupport.ms(BenchmarkSupport.pct(times, 50)), BenchmarkSupport.ms(BenchmarkSupport.pct(times, 95)),
                BenchmarkSupport.ms(BenchmarkSupport.pct(times, 100)), BenchmarkSupport.ms(BenchmarkSupport.pct(cpu, 50)), bytes));
    }

    private void measureRest(UUID tenant, List<Case> cases, UUID fiveSteps, UUID bigRun) throws Exception {
        String key = TenantContext.callAsTenant(tenant, () -> apiKeys.create("runs benchmark")).plaintext();
        ApiClient api = new ApiClient(port);
        report.append(String.format("%nREST over HTTP on localhost (round trip, API key), %d rounds after %d warm-up rounds:%n", ROUNDS, WARM_UP));
        Map<String, String> paths = new LinkedHashMap<>();
        for (Case c : cases) {
            paths.put("GET /api/v1/runs " + c.label(), "/api/v1/runs" + restQuery(c.query()));
        }
        var first = api.call("GET", "/api/v1/runs?limit=50", null, key);
        String cursor = api.body(first).get("next").asText();
        paths.put("GET /api/v1/runs second page (cursor)", "/api/v1/runs?limit=50&cursor=" + cursor);
        paths.put("GET /api/v1/runs/{id} 5-step run", "/api/v1/runs/" + fiveSteps);
        paths.put("GET /api/v1/runs/{id} 100-step run", "/api/v1/runs/" + bigRun);
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
                bytes = answer.body().length();
                if (i >= WARM_UP) {
                    times.add(took);
                }
            }
            line(path.getKey(), times, bytes);
        }
    }

    /** The REST API's names for the screen's query parameters (a period is from/to instants there). */
    private static String restQuery(Map<String, String> screen) {
        List<String> parts = new ArrayList<>(List.of("limit=50"));
        screen.forEach((name, value) -> {
            switch (name) {
                case "workflow" -> parts.add("workflowId=" + value);
                case "key" -> parts.add("businessKey=" + value);
                case "from" -> parts.add("from=" + LocalDate.parse(value).atStartOfDay(ZoneId.systemDefault()).toInstant());
                case "to" -> parts.add("to=" + LocalDate.parse(value).plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant());
                default -> parts.add(name + "=" + value);
            }
        });
        return "?" + String.join("&", parts);
    }

    private void line(String label, List<Long> times, long bytes) {
        report.append(String.format("  %-44s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms                      (%,d bytes)%n", label,
                BenchmarkSupport.ms(BenchmarkSupport.pct(times, 50)), BenchmarkSupport.ms(BenchmarkSupport.pct(times, 95)),
                BenchmarkSupport.ms(BenchmarkSupport.pct(times, 100)), bytes));
    }


    /**
     * Why RunService writes status and trigger kind as literals: the plan PostgreSQL caches for a prepared statement
     * (pgjdbc prepares one after 5 uses on a connection; the server may then keep a generic plan) when they are
     * parameters instead.
     */
    private void explainGeneric(UUID tenant) {
        report.append("\nThe same filters as parameters, in the generic plan a prepared statement may be cached with (plan_cache_mode = "
                + "force_generic_plan):\n");
        plans.append("\nGeneric plans of the filters as parameters\n");
        RunQueries.Statement all = RunQueries.listPage(tenant, RunFilter.ALL, null, null, 50);
        for (String[] filter : new String[][]{{"status", "FAILED", "status"}, {"status", "RUNNING", "status"},
                {"trigger_kind", "subworkflow", "trigger"}}) {
            String sql = all.sql().replace(" order by", " and " + filter[0] + " = ? order by");
            for (int n = 1; sql.contains("?"); n++) {
                sql = sql.replaceFirst("\\?", "\\$" + n);
            }
            String prepare = "prepare bench_generic (uuid, text, int) as " + sql;
            String execute = "explain (analyze, buffers) execute bench_generic ('" + tenant + "', '" + filter[1] + "', 51)";
            BenchmarkReports.explain(report, plans, "list, " + filter[2] + " " + filter[1] + " as a parameter", TenantContext.callAsTenant(tenant, () -> tx.execute(s -> {
                jdbc.execute("set local plan_cache_mode = force_generic_plan");
                jdbc.execute(prepare);
                try {
                    return jdbc.queryForList(execute, String.class);
                } finally {
                    jdbc.execute("deallocate bench_generic");
                }
            })));
        }
    }

    /**
     * The plans before this benchmark's findings, on the same data: the indexes it added dropped inside a transaction
     * that is rolled back, explained as the runtime role (row-level security on), with and without the tenant
     * predicate the list query lacked.
     */
    private void explainBefore(UUID tenant, Map<String, RunQueries.Statement> statements) throws Exception {
        try (Connection connection = ownerDataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                JdbcTemplate session = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
                ADDED_INDEXES.forEach(index -> session.execute("drop index " + index));
                session.execute("set local role " + database.appUser());
                session.queryForList("select set_config('app.tenant_id', ?, true)", tenant.toString());
                for (boolean tenantPredicate : new boolean[]{false, true}) {
                    report.append(tenantPredicate ? "\nWith the tenant predicate, without the added indexes:\n"
                            : "\nBefore (without the added indexes, the list query without its tenant predicate, as RunService sent it):\n");
                    plans.append(tenantPredicate ? "\nPlans with the tenant predicate, without the added indexes\n" : "\nPlans before\n");
                    statements.forEach((label, statement) -> {
                        if (!label.startsWith("list")) {
                            return;
                        }
                        String sql = tenantPredicate ? statement.sql() : statement.sql().replace("where tenant_id = ? and ", "where ");
                        List<Object> args = tenantPredicate ? statement.args() : statement.args().subList(1, statement.args().size());
                        BenchmarkReports.explain(report, plans, label, session.queryForList("explain (analyze, buffers) " + sql, String.class, args.toArray()));
                    });
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    /** The runs indexes this benchmark's findings added (changeset engine-runs-list-indexes), whose upkeep it measures. */
    static final List<String> ADDED_RUN_INDEXES = List.of("runs_status_created", "runs_trigger_created", "runs_rerun_of", "runs_parent_run");
    static final List<String> ADDED_INDEXES = java.util.stream.Stream.concat(ADDED_RUN_INDEXES.stream(),
            java.util.stream.Stream.of("step_runs_waiting")).toList();

    /**
     * What the runs indexes cost the engine: 20,000 of the tenant's runs inserted as RUNNING and then finished (the
     * update every run gets; it cannot be HOT, status being in partial indexes' predicates) into a copy of runs with
     * the indexes runs had before the added ones, then with all of them; best of 3 each.
     */
    private void measureIndexUpkeep(JdbcTemplate owner, UUID tenant) {
        int rows = 20_000;
        owner.execute("drop table if exists bench_upkeep_source, bench_upkeep");
        owner.update("create table bench_upkeep_source as select * from runs where tenant_id = ? order by created_at desc limit " + rows, tenant);
        owner.execute("update bench_upkeep_source set status = 'RUNNING', finished_at = null, output = null, error = null, parked = false");
        owner.execute("create table bench_upkeep (like runs including defaults)");
        List<Map<String, Object>> indexes = owner.queryForList("select indexname, indexdef from pg_indexes where tablename = 'runs' order by indexname");
        try {
            report.append(String.format("%nIndex upkeep on runs (%,d runs inserted RUNNING, then finished; best of 3):%n", rows));
            double before = 0;
            for (boolean withAdded : new boolean[]{false, true}) {
                double best = Double.MAX_VALUE;
                List<String> used = new ArrayList<>();
                for (int trial = 0; trial < 3; trial++) {
                    owner.execute("drop table bench_upkeep");
                    owner.execute("create table bench_upkeep (like runs including defaults)");
                    used.clear();
                    for (Map<String, Object> index : indexes) {
                        String name = (String) index.get("indexname");
                        if (withAdded || !ADDED_RUN_INDEXES.contains(name)) {
                            used.add(name);
                            owner.execute(((String) index.get("indexdef")).replace(" ON public.runs ", " ON public.bench_upkeep ")
                                    .replaceFirst("INDEX " + name + " ", "INDEX upkeep_" + name + " "));
                        }
                    }
                    long started = System.nanoTime();
                    owner.execute("insert into bench_upkeep select * from bench_upkeep_source");
                    owner.execute("update bench_upkeep set status = 'SUCCEEDED', finished_at = now(), updated_at = now()");
                    best = Math.min(best, (System.nanoTime() - started) / 1000.0 / rows);
                }
                report.append(String.format("  %-44s %5.1f µs per run  (%d indexes: %s)%n", withAdded ? "with the added indexes" : "indexes before",
                        best, used.size(), String.join(", ", used)));
                if (withAdded) {
                    report.append(String.format("  %-44s %+5.1f µs per run%n", "the added indexes cost", best - before));
                }
                before = best;
            }
        } finally {
            owner.execute("drop table if exists bench_upkeep_source, bench_upkeep");
        }
    }

    private void describeData(JdbcTemplate owner, UUID tenant) {
        Map<String, Object> mix = owner.queryForMap("""
                select count(*) as runs,
                       count(*) filter (where status = 'SUCCEEDED') as succeeded, count(*) filter (where status = 'FAILED') as failed,
                       count(*) filter (where parked) as parked, count(*) filter (where status = 'CANCELLED') as cancelled,
                       count(*) filter (where status = 'RUNNING') as running, count(*) filter (where business_key is not null) as keyed,
                       count(*) filter (where trigger_kind = 'manual') as manual, count(*) filter (where rerun_of is not null) as reruns,
                       count(distinct workflow_id) as workflows, min(created_at) as oldest, max(created_at) as newest
                from runs where tenant_id = ?
                """, tenant);
        long steps = owner.queryForObject("select count(*) from step_runs where tenant_id = ?", Long.class, tenant);
        long waiting = owner.queryForObject("select count(*) from step_runs where tenant_id = ? and status = 'WAITING'", Long.class, tenant);
        long attempts = owner.queryForObject("select count(*) from step_attempts where tenant_id = ?", Long.class, tenant);
        Map<String, Object> all = owner.queryForMap("""
                select (select count(*) from runs) as runs, (select count(*) from step_runs) as steps,
                       (select count(distinct tenant_id) from runs) as tenants
                """);
        report.append(String.format("data: the tenant has %,d runs over %d workflows (%s to %s): %,d succeeded, %,d failed (%,d parked), "
                        + "%,d cancelled, %,d running (%,d steps waiting); %,d with a business key, %,d started by hand, %,d re-runs; "
                        + "%,d step runs, %,d step attempts. All tenants: %,d runs, %,d step runs in %d tenants.%n",
                mix.get("runs"), mix.get("workflows"), mix.get("oldest"), mix.get("newest"), mix.get("succeeded"), mix.get("failed"),
                mix.get("parked"), mix.get("cancelled"), mix.get("running"), waiting, mix.get("keyed"), mix.get("manual"),
                mix.get("reruns"), steps, attempts, all.get("runs"), all.get("steps"), all.get("tenants")));
        report.append("sizes (table + its indexes):");
        owner.queryForList("""
                select c.relname as name, pg_size_pretty(pg_table_size(c.oid)) as heap, pg_size_pretty(pg_indexes_size(c.oid)) as indexes
                from pg_class c where c.relname in ('runs', 'step_runs', 'step_attempts') order by c.relname
                """).forEach(r -> report.append(String.format(" %s %s + %s;", r.get("name"), r.get("heap"), r.get("indexes"))));
        report.append("\nindexes:");
        owner.queryForList("""
                select relname as table, indexrelname as name, pg_size_pretty(pg_relation_size(indexrelid)) as size
                from pg_stat_user_indexes where relname in ('runs', 'step_runs', 'step_attempts') order by relname, indexrelname
                """).forEach(r -> report.append(String.format(" %s.%s %s;", r.get("table"), r.get("name"), r.get("size"))));
        report.append('\n');
    }


}
