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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ROI benchmark's data: a tenant with 20 published workflows (chains of 1–4 steps: HTTP calls, AI model calls,
 * transforms, approvals, delays, no-ops; most with value settings on a step), each published three times, all created
 * through the services; then {@code bench/seed-roi.sql} run once per tenant through the schema owner's connection,
 * which writes the facts and rollups those workflows' runs would have; two other tenants with history of their own,
 * so that a query that forgets the tenant or an index that does not lead with it pays for it. A data directory seeded
 * before (the tenant {@value #SLUG} with facts) is used as it is.
 */
final class RoiSeed {

    static final String SLUG = "roi-bench";
    static final Path SCRIPT = Path.of("bench", "seed-roi.sql");

    /** What the benchmark needs to find in the seeded data. */
    record Seeded(UUID tenant, UUID ownerId, String ownerEmail, boolean reused, double seconds) {
    }

    /**
     * name, trigger kind, steps after the trigger (h http, l AI model, t transform, a approval, d delay, n no-op; upper
     * case: the step has value settings, the workflow's profile of them), the profile (0–3, see {@link #value}).
     */
    private record Spec(String name, String trigger, String steps, int profile) {
    }

    // 20 workflows averaging about 5 step facts per successful run (HTTP call 2, model call 2, transform 1, approval
    // 1, value settings 1 more); three of them (seed-roi.sql, seed_per_run) save minutes per run instead, two save
    // nothing at all (the dashboard's "without value settings")
    private static final List<Spec> WORKFLOWS = List.of(
            new Spec("Order intake", "webhook", "htH", 0),
            new Spec("Invoice sync", "schedule", "hH", 1),
            new Spec("Refund approval", "webhook", "taH", 3),
            new Spec("Lead enrichment", "webhook", "hL", 2),
            new Spec("Nightly report", "schedule", "hl", 0),
            new Spec("Shipment tracking", "poll", "hN", 2),
            new Spec("Payment reminder", "schedule", "hdH", 0),
            new Spec("Ticket triage", "webhook", "lTh", 3),
            new Spec("CRM contact sync", "poll", "hth", 0),
            new Spec("Expense approval", "manual", "taH", 1),
            new Spec("Welcome sequence", "webhook", "hdh", 0),
            new Spec("Inventory update", "webhook", "hhH", 0),
            new Spec("Slack digest", "schedule", "lh", 0),
            new Spec("Contract signature", "webhook", "taHt", 3),
            new Spec("Data backup", "schedule", "h", 0),
            new Spec("Churn alert", "poll", "hlN", 2),
            new Spec("Vendor onboarding", "manual", "taHh", 1),
            new Spec("Order cancellation", "webhook", "hH", 0),
            new Spec("Survey follow-up", "webhook", "lT", 2),
            new Spec("Subscription renewal", "schedule", "hTh", 3));

    private final TestData data;
    private final PlatformAdminService admin;
    private final SignInService signIn;
    private final WorkflowService workflows;
    private final ObjectMapper json;
    private final JdbcTemplate owner;
    private final DataSource ownerDataSource;

    RoiSeed(TestData data, PlatformAdminService admin, SignInService signIn, WorkflowService workflows, ObjectMapper json,
            DataSource ownerDataSource) {
        this.data = data;
        this.admin = admin;
        this.signIn = signIn;
        this.workflows = workflows;
        this.json = json;
        this.ownerDataSource = ownerDataSource;
        this.owner = new JdbcTemplate(ownerDataSource);
    }

    /** Seeds {@code runs} runs' facts for the benchmark tenant and {@code otherRuns} for each of {@code others} more. */
    Seeded seed(int runs, int others, int otherRuns, int days, int unrolled, StringBuilder log) throws Exception {
        Seeded existing = existing();
        if (existing != null) {
            log.append("  data directory seeded before: used as it is\n");
            // a table a changeset added since the seed (filled by it) is analyzed, as autovacuum would soon after
            owner.queryForList("""
                    select relname from pg_stat_user_tables
                    where relname like 'roi\\_%' and last_analyze is null and last_autoanalyze is null order by relname
                    """, String.class).forEach(table -> {
                owner.execute("vacuum (analyze) " + table);
                log.append("  ").append(table).append(" was never analyzed (new since the seed): vacuum (analyze)\n");
            });
            return existing;
        }
        long started = System.nanoTime();
        var person = data.newTenant("roi-bench-owner");
        TestData.signInAs(data.platformAdmin());
        UUID tenant = admin.create("ROI benchmark", SLUG, new Plan(1000, 1_000_000_000, 100, 100), person.user().getEmail()).tenant().getId();
        Authentication auth = signIn.authenticate(person.user().getId(), tenant);
        TestData.signInAs(auth);
        TenantContext.runAsTenant(tenant, () -> WORKFLOWS.forEach(this::publishThrice));
        runScript(tenant, runs, days, unrolled, log);
        for (int i = 0; i < others; i++) {
            var other = data.newTenant("roi-bench-other");
            TestData.signInAs(other);
            TenantContext.runAsTenant(other.tenantId(), () -> WORKFLOWS.subList(0, 5).forEach(this::publishThrice));
            runScript(other.tenantId(), otherRuns, days, unrolled, log);
        }
        long vacuum = System.nanoTime();
        // after a bulk load autovacuum would set the visibility map and freeze rows while the benchmark measures
        owner.execute("vacuum (analyze) roi_facts, roi_hourly, roi_daily, roi_assumptions");
        log.append(String.format("  vacuum (analyze): %.1f s%n", (System.nanoTime() - vacuum) / 1e9));
        TestData.signInAs(auth);
        Seeded seeded = existing();
        if (seeded == null) {
            throw new IllegalStateException("The seed wrote no facts for the benchmark tenant");
        }
        return new Seeded(seeded.tenant(), seeded.ownerId(), seeded.ownerEmail(), false, (System.nanoTime() - started) / 1e9);
    }

    private void runScript(UUID tenant, int runs, int days, int unrolled, StringBuilder log) throws Exception {
        long started = System.nanoTime();
        try (Connection connection = ownerDataSource.getConnection()) {
            try (var settings = connection.prepareStatement("select set_config('app.tenant_id', ?, false), set_config('bench.runs', ?, false), "
                    + "set_config('bench.days', ?, false), set_config('bench.unrolled', ?, false)")) {
                settings.setString(1, tenant.toString());
                settings.setString(2, Integer.toString(runs));
                settings.setString(3, Integer.toString(days));
                settings.setString(4, Integer.toString(unrolled));
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
        log.append(String.format("  tenant %s: %,d runs' facts seeded in %.1f s%n", tenant, runs, (System.nanoTime() - started) / 1e9));
    }

    /** Publishes the workflow three times (versions 1–3, each with its note), then pauses it: the seed starts no runs. */
    private void publishThrice(Spec spec) {
        UUID id = workflows.create(definition(spec, 1)).getId();
        workflows.publish(id, "benchmark seed, version 1");
        for (int version = 2; version <= 3; version++) {
            workflows.update(id, definition(spec, version));
            workflows.publish(id, "benchmark seed, version " + version);
        }
        workflows.setPaused(id, true);
    }

    private WorkflowDefinition definition(Spec spec, int version) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        Map<String, Object> triggerParams = switch (spec.trigger()) {
            case "schedule" -> Map.of("cron", "0 3 1 1 *");
            case "poll" -> Map.of("source", "http.jsonList", "interval", "PT1H", "sourceParams", Map.of("url", "https://api.example.com/items"));
            default -> Map.of();
        };
        nodes.add(node("start", "trigger." + spec.trigger(), "Trigger", triggerParams, null, 0));
        String previous = "start";
        String slug = spec.name().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        for (int i = 0; i < spec.steps().length(); i++) {
            char letter = spec.steps().charAt(i);
            char kind = Character.toLowerCase(letter);
            Map<String, Object> value = Character.isUpperCase(letter) ? value(spec.profile()) : null;
            String id = switch (kind) {
                case 'h' -> "call_" + i;
                case 'l' -> "ask_" + i;
                case 't' -> "shape_" + i;
                case 'a' -> "approve_" + i;
                case 'd' -> "wait_" + i;
                default -> "file_" + i;
            };
            Map<String, Object> node = switch (kind) {
                // each version calls the API's next version: a change worth publishing
                case 'h' -> node(id, "http.request", "Call API " + i, Map.of("method", "POST",
                        "url", "https://api.example.com/v" + version + "/" + slug + "/{{trigger.orderId}}",
                        "body", Map.of("order", "{{trigger.orderId}}")), value, i + 1);
                case 'l' -> node(id, "llm.chat", "Ask the model " + i, Map.of("model", "gpt-4o-mini", "baseUrl", "http://127.0.0.1:11434/v1",
                        "prompt", "Summarise order {{trigger.orderId}} in one line"), value, i + 1);
                case 't' -> node(id, "core.transform", "Shape " + i, Map.of("value", Map.of("order", "{{trigger.orderId}}",
                        "amount", "{{trigger.amount}}")), value, i + 1);
                case 'a' -> node(id, "core.approval", "Approve", Map.of("message", "Approve {{trigger.orderId}}?"),
                        Map.of("minutesToDecide", 4, "confidence", "medium"), i + 1);
                case 'd' -> node(id, "core.delay", "Wait", Map.of("duration", "P1D"), null, i + 1);
                default -> node(id, "core.noop", "File it", Map.of(), value, i + 1);
            };
            nodes.add(node);
            edges.add(Map.of("from", previous, "to", id));
            previous = id;
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", spec.name());
        definition.put("nodes", nodes);
        definition.put("edges", edges);
        return json.convertValue(definition, WorkflowDefinition.class);
    }

    /** The value settings of a workflow's valued steps, by its profile. */
    private static Map<String, Object> value(int profile) {
        return switch (profile) {
            case 0 -> Map.of("minutes", 3, "evidence", "Timed 20 orders keyed in by hand", "confidence", "medium", "basis", "measured");
            case 1 -> Map.of("minutes", 2, "minutesPerItem", "1.5", "items", "body.lines", "rate", "Accounts payable",
                    "evidence", "Timed 40 invoices in March", "confidence", "high", "basis", "measured");
            case 2 -> Map.of("outcome", "1.20", "evidence", "Sales' estimate of a qualified lead", "confidence", "low", "basis", "assumed");
            default -> Map.of("minutes", 5, "outcome", "0.50", "confidence", "high", "basis", "measured");
        };
    }

    private static Map<String, Object> node(String id, String type, String name, Map<String, Object> params, @Nullable Map<String, Object> value,
                                            int column) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", id);
        node.put("type", type);
        node.put("name", name);
        node.put("params", params);
        if (value != null) {
            node.put("value", value);
        }
        node.put("position", Map.of("x", 280 * column, "y", 0));
        return node;
    }

    private @Nullable Seeded existing() {
        List<Map<String, Object>> rows = owner.queryForList("""
                select t.id as tenant, u.id as owner_id, u.email
                from tenants t
                join memberships m on m.tenant_id = t.id and m.role = 'OWNER'
                join users u on u.id = m.user_id
                where t.slug = ? and exists (select 1 from roi_facts f where f.tenant_id = t.id)
                """, SLUG);
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = rows.get(0);
        return new Seeded((UUID) row.get("tenant"), (UUID) row.get("owner_id"), (String) row.get("email"), true, 0);
    }
}
