package io.flowmeter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.admin.service.PlatformAdminService;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.domain.Plan;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.security.core.Authentication;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The runs benchmark's data: a tenant with 20 published workflows (chains of 2–8 steps, some with an approval or a
 * delay, some with a business key) and a published 100-step workflow, all created through the services, then
 * {@code bench/seed-runs.sql} run once per tenant through the schema owner's connection; a few other tenants with
 * history of their own, so that a query that forgets the tenant pays for it. A data directory seeded before (the
 * tenant {@value #SLUG} with its 100-step run) is used as it is.
 */
final class RunsSeed {

    static final String SLUG = "runs-bench";
    static final Path SCRIPT = Path.of("bench", "seed-runs.sql");

    /** What the benchmark needs to find in the seeded data. */
    record Seeded(UUID tenant, UUID ownerId, String ownerEmail, UUID bigWorkflow, UUID bigRun, boolean reused, double seconds) {
    }

    /** name, trigger kind, steps after the trigger (h http, t transform, n no-op, a approval, d delay), business key. */
    private record Spec(String name, String trigger, String steps, boolean keyed) {
    }

    private static final List<Spec> WORKFLOWS = List.of(
            new Spec("Order intake", "webhook", "htdh", true),
            new Spec("Invoice sync", "schedule", "hth", false),
            new Spec("Refund approval", "webhook", "tahhh", true),
            new Spec("Lead enrichment", "webhook", "hhthhh", false),
            new Spec("Nightly report", "schedule", "ht", false),
            new Spec("Shipment tracking", "poll", "hthn", true),
            new Spec("Payment reminder", "schedule", "hdh", true),
            new Spec("Ticket triage", "webhook", "thhhh", false),
            new Spec("CRM contact sync", "poll", "hthh", false),
            new Spec("Expense approval", "manual", "tahh", true),
            new Spec("Welcome sequence", "webhook", "hdhdh", false),
            new Spec("Inventory update", "webhook", "hhh", true),
            new Spec("Slack digest", "schedule", "hthh", false),
            new Spec("Contract signature", "webhook", "hahhthh", true),
            new Spec("Data backup", "schedule", "h", false),
            new Spec("Churn alert", "poll", "hthnh", false),
            new Spec("Vendor onboarding", "manual", "tahhhh", false),
            new Spec("Order cancellation", "webhook", "hh", true),
            new Spec("Survey follow-up", "webhook", "dhh", false),
            new Spec("Subscription renewal", "schedule", "hhthh", true));

    private final TestData data;
    private final PlatformAdminService admin;
    private final SignInService signIn;
    private final WorkflowService workflows;
    private final ObjectMapper json;
    private final JdbcTemplate owner;
    private final DataSource ownerDataSource;

    RunsSeed(TestData data, PlatformAdminService admin, SignInService signIn, WorkflowService workflows, ObjectMapper json,
             DataSource ownerDataSource) {
        this.data = data;
        this.admin = admin;
        this.signIn = signIn;
        this.workflows = workflows;
        this.json = json;
        this.ownerDataSource = ownerDataSource;
        this.owner = new JdbcTemplate(ownerDataSource);
    }

    /** Seeds {@code runs} runs for the benchmark tenant and {@code otherRuns} for each of {@code others} more. */
    Seeded seed(int runs, int others, int otherRuns, int days, StringBuilder log) throws Exception {
        Seeded existing = existing();
        if (existing != null) {
            log.append("  data directory seeded before: used as it is\n");
            return existing;
        }
        long started = System.nanoTime();
        var person = data.newTenant("runs-bench-owner");
        TestData.signInAs(data.platformAdmin());
        UUID tenant = admin.create("Runs benchmark", SLUG, new Plan(1000, 1_000_000_000, 100, 100), person.user().getEmail()).tenant().getId();
        Authentication auth = signIn.authenticate(person.user().getId(), tenant);
        TestData.signInAs(auth);
        UUID big = TenantContext.callAsTenant(tenant, () -> {
            WORKFLOWS.forEach(spec -> publishPaused(definition(spec)));
            return publishPaused(BuilderBenchmark.hundredSteps());
        });
        runScript(tenant, runs, days, big, log);
        for (int i = 0; i < others; i++) {
            var other = data.newTenant("runs-bench-other");
            TestData.signInAs(other);
            TenantContext.runAsTenant(other.tenantId(), () -> WORKFLOWS.subList(0, 5).forEach(spec -> publishPaused(definition(spec))));
            runScript(other.tenantId(), otherRuns, days, null, log);
        }
        long vacuum = System.nanoTime();
        // after a bulk load autovacuum would set the visibility map and freeze rows while the benchmark measures
        owner.execute("vacuum (analyze) runs, step_runs, step_attempts");
        log.append(String.format("  vacuum (analyze): %.1f s%n", (System.nanoTime() - vacuum) / 1e9));
        TestData.signInAs(auth);
        Seeded seeded = existing();
        if (seeded == null) {
            throw new IllegalStateException("The seed did not create the 100-step run");
        }
        return new Seeded(seeded.tenant(), seeded.ownerId(), seeded.ownerEmail(), seeded.bigWorkflow(), seeded.bigRun(), false,
                (System.nanoTime() - started) / 1e9);
    }

    private void runScript(UUID tenant, int runs, int days, @Nullable UUID bigWorkflow, StringBuilder log) throws Exception {
        long started = System.nanoTime();
        try (Connection connection = ownerDataSource.getConnection()) {
            try (var settings = connection.prepareStatement("select set_config('app.tenant_id', ?, false), set_config('bench.runs', ?, false), "
                    + "set_config('bench.days', ?, false), set_config('bench.big_workflow', ?, false)")) {
                settings.setString(1, tenant.toString());
                settings.setString(2, Integer.toString(runs));
                settings.setString(3, Integer.toString(days));
                settings.setString(4, bigWorkflow == null ? "" : bigWorkflow.toString());
                settings.execute();
            }
            try {
                ScriptUtils.executeSqlScript(connection, new FileSystemResource(SCRIPT));
            } finally {
                try (var reset = connection.createStatement()) {
                    reset.execute("reset all");
                }
            }
        }
        log.append(String.format("  tenant %s: %,d runs seeded in %.1f s%n", tenant, runs, (System.nanoTime() - started) / 1e9));
    }

    private UUID publishPaused(WorkflowDefinition definition) {
        UUID id = workflows.create(definition).getId();
        workflows.publish(id, "benchmark seed");
        // nothing of the seed may start runs of its own (schedules, polls) while the benchmark measures
        workflows.setPaused(id, true);
        return id;
    }

    private WorkflowDefinition definition(Spec spec) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        Map<String, Object> triggerParams = switch (spec.trigger()) {
            case "schedule" -> Map.of("cron", "0 3 1 1 *");
            case "poll" -> Map.of("source", "http.jsonList", "interval", "PT1H", "sourceParams", Map.of("url", "https://api.example.com/items"));
            default -> Map.of();
        };
        nodes.add(node("start", "trigger." + spec.trigger(), "Trigger", triggerParams, 0));
        String previous = "start";
        for (int i = 0; i < spec.steps().length(); i++) {
            char kind = spec.steps().charAt(i);
            String id = switch (kind) {
                case 'h' -> "call_" + i;
                case 't' -> "shape_" + i;
                case 'a' -> "approve_" + i;
                case 'd' -> "wait_" + i;
                default -> "join_" + i;
            };
            Map<String, Object> node = switch (kind) {
                case 'h' -> node(id, "http.request", "Call API " + i, Map.of("method", "POST",
                        "url", "https://api.example.com/" + spec.name().toLowerCase().replace(' ', '-') + "/{{trigger.orderId}}",
                        "body", Map.of("order", "{{trigger.orderId}}")), i + 1);
                case 't' -> node(id, "core.transform", "Shape " + i, Map.of("value", Map.of("order", "{{trigger.orderId}}",
                        "amount", "{{trigger.amount}}")), i + 1);
                case 'a' -> node(id, "core.approval", "Approve", Map.of("message", "Approve {{trigger.orderId}}?"), i + 1);
                case 'd' -> node(id, "core.delay", "Wait", Map.of("duration", "P30D"), i + 1);
                default -> node(id, "core.noop", "Join", Map.of(), i + 1);
            };
            nodes.add(node);
            edges.add(Map.of("from", previous, "to", id));
            previous = id;
        }
        Map<String, Object> definition = new java.util.LinkedHashMap<>();
        definition.put("name", spec.name());
        definition.put("nodes", nodes);
        definition.put("edges", edges);
        if (spec.keyed()) {
            definition.put("businessKey", "{{trigger.orderId}}");
        }
        return json.convertValue(definition, WorkflowDefinition.class);
    }

    private static Map<String, Object> node(String id, String type, String name, Map<String, Object> params, int column) {
        return Map.of("id", id, "type", type, "name", name, "params", params, "position", Map.of("x", 280 * column, "y", 0));
    }

    private @Nullable Seeded existing() {
        List<Map<String, Object>> rows = owner.queryForList("""
                select t.id as tenant, u.id as owner_id, u.email, r.workflow_id, r.id as run
                from tenants t
                join memberships m on m.tenant_id = t.id and m.role = 'OWNER'
                join users u on u.id = m.user_id
                join runs r on r.tenant_id = t.id and r.id = md5(t.id::text || ':big-run')::uuid
                where t.slug = ?
                """, SLUG);
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = rows.get(0);
        return new Seeded((UUID) row.get("tenant"), (UUID) row.get("owner_id"), (String) row.get("email"), (UUID) row.get("workflow_id"),
                (UUID) row.get("run"), true, 0);
    }
}
