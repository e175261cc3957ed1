package io.flowmeter.engine.service;

import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunStore.AttemptRow;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.engine.service.RunStore.SettledStep;
import io.flowmeter.engine.service.RunStore.StepRow;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.tenancy.service.TenantService;
import io.flowmeter.workflow.domain.Graph;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.service.WorkflowService;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;

/** Runs of the current tenant: start, inspect, control, re-run. */
@Service
public class RunService {

    private static final String OPERATE = "hasAnyRole('OPERATOR', 'API')";
    private static final String READ = "hasAnyRole('VIEWER', 'API')";
    static final int MAX_INPUT_BYTES = 1_000_000;

    /** A run with every step. */
    public record RunDetails(RunRow run, List<StepDetails> steps) {
    }

    /** A step with its attempts. */
    public record StepDetails(StepRow step, @Nullable String type, List<AttemptRow> attempts) {
    }

    /** A page of runs and the cursor of the next one (null at the end). */
    public record RunPage(List<RunRow> items, @Nullable String next) {
    }

    public enum RerunFrom { FAILED_STEP, START }

    public enum RerunVersion { SAME, LATEST }

    private final Engine engine;
    private final DefinitionCache definitions;
    private final TemplateModel model;
    private final EngineJson json;
    private final RunStore store;
    private final WorkflowService workflows;
    private final TenantService tenants;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Audit audit;

    RunService(Engine engine, DefinitionCache definitions, TemplateModel model, EngineJson json, RunStore store, WorkflowService workflows,
               TenantService tenants, JdbcTemplate jdbc, TransactionTemplate tx, Audit audit) {
        this.audit = audit;
        this.engine = engine;
        this.definitions = definitions;
        this.model = model;
        this.json = json;
        this.store = store;
        this.workflows = workflows;
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Starts a run of the latest published version with {@code input}; returns its id at once. */
    @PreAuthorize(OPERATE)
    public UUID start(UUID workflowId, @Nullable Object input, String triggerKind) {
        return begin(workflowId, input, triggerKind).runId();
    }

    /** A started run, and where it stood once its start committed: running, or done if its start ran all of it. */
    public record Started(UUID runId, RunStatus status) {
    }

    /** {@link #start}, answering where the run stood once started as well. */
    @PreAuthorize(OPERATE)
    public Started begin(UUID workflowId, @Nullable Object input, String triggerKind) {
        Object safeInput = input == null ? Map.of() : input;
        if (json.write(safeInput).length() > MAX_INPUT_BYTES) {
            throw new InvalidInputException("input", "The input is larger than 1 MB");
        }
        WorkflowVersion version = workflows.latestVersion(workflowId);
        requireQuota();
        UUID runId = UUID.randomUUID();
        RunStatus status = engine.startNew(new RunStarter.Start(runId, workflowId, version, safeInput, triggerKind, null, null, null, Map.of()));
        return new Started(runId, status);
    }

    /**
     * Starts a run for a trigger that authenticated its caller itself (a webhook's token and signature, a schedule);
     * joins the caller's transaction, if any, so the run commits with whatever the trigger recorded.
     */
    public UUID startTriggered(UUID runId, UUID workflowId, WorkflowVersion version, Object input, String triggerKind) {
        admit(input);
        return startAdmitted(runId, workflowId, version, input, triggerKind);
    }

    /** The checks a run start must pass (input size, the plan's monthly runs), for a trigger that starts it later. */
    public void admit(Object input) {
        admitJson(json.write(input));
    }

    /** {@link #admit} for an input already written as JSON. */
    public void admitJson(String inputJson) {
        if (inputJson.length() > MAX_INPUT_BYTES) {
            throw new InvalidInputException("input", "The input is larger than 1 MB");
        }
        requireQuota();
    }

    /** Starts a run that already passed {@link #admit} (e.g. when an accepted webhook's inbox row is drained). */
    public UUID startAdmitted(UUID runId, UUID workflowId, WorkflowVersion version, Object input, String triggerKind) {
        engine.start(new RunStarter.Start(runId, workflowId, version, input, triggerKind, null, null, null, Map.of()));
        return runId;
    }

    /** Where a run stands, and one step's output if it succeeded: for triggers that answer with a step's result. */
    public record Outcome(RunStatus runStatus, @Nullable StepStatus stepStatus, @Nullable Object stepOutput) {
    }

    public Optional<Outcome> outcome(UUID runId, String nodeId) {
        return tx.execute(status -> store.run(runId).map(run -> {
            StepRow step = store.steps(runId).stream().filter(s -> s.nodeId().equals(nodeId)).findFirst().orElse(null);
            return new Outcome(run.status(), step == null ? null : step.status(),
                    step == null || step.status() != StepStatus.SUCCEEDED || step.output() == null ? null : json.read(step.output()));
        }));
    }

    @PreAuthorize(READ)
    public RunDetails get(UUID runId) {
        return tx.execute(status -> {
            RunRow run = store.run(runId).orElseThrow(() -> new NotFoundException("Run not found"));
            DefinitionCache.Loaded loaded = definitions.load(run.versionId());
            List<StepDetails> steps = new ArrayList<>();
            List<StepRow> rows = store.steps(runId);
            Map<UUID, List<AttemptRow>> attempts = store.attempts(rows.stream().map(StepRow::id).toList());
            for (StepRow step : rows) {
                String type = loaded.definition().node(step.nodeId()).map(n -> n.type()).orElse(null);
                steps.add(new StepDetails(step, type, attempts.getOrDefault(step.id(), List.of())));
            }
            return new RunDetails(run, steps);
        });
    }

    /** How runs start: the values of a run's {@code triggerKind}. */
    public static final List<String> TRIGGER_KINDS = List.of("webhook", "schedule", "poll", "manual", "api", "rerun", "subworkflow");

    /**
     * Which runs a list shows; every part is optional. {@code waitingOnly}: running runs with a step waiting (a delay,
     * an approval, a rate-limit budget, a sub-workflow). {@code from} inclusive, {@code to} exclusive, on the start time.
     * {@code businessKey} matches exactly.
     */
    public record RunFilter(@Nullable UUID workflowId, @Nullable RunStatus status, boolean parkedOnly, boolean waitingOnly,
                            @Nullable String triggerKind, @Nullable Instant from, @Nullable Instant to, @Nullable String businessKey) {

        public static final RunFilter ALL = new RunFilter(null, null, false, false, null, null, null, null);

        public RunFilter withWorkflow(@Nullable UUID id) {
            return new RunFilter(id, status, parkedOnly, waitingOnly, triggerKind, from, to, businessKey);
        }

        public RunFilter withStatus(@Nullable RunStatus newStatus, boolean parked, boolean waiting) {
            return new RunFilter(workflowId, newStatus, parked, waiting, triggerKind, from, to, businessKey);
        }

        public RunFilter withTrigger(@Nullable String kind) {
            return new RunFilter(workflowId, status, parkedOnly, waitingOnly, kind, from, to, businessKey);
        }

        public RunFilter withPeriod(@Nullable Instant newFrom, @Nullable Instant newTo) {
            return new RunFilter(workflowId, status, parkedOnly, waitingOnly, triggerKind, newFrom, newTo, businessKey);
        }

        public RunFilter withBusinessKey(@Nullable String key) {
            return new RunFilter(workflowId, status, parkedOnly, waitingOnly, triggerKind, from, to,
                    key == null || key.isBlank() ? null : key.strip());
        }
    }

    /** A step's input as it renders from the run's data, or why it does not render. */
    public record RenderedInput(@Nullable Object value, @Nullable String problem) {
    }

    /** What step {@code nodeId} of the run receives, rendered now from the run's stored data. */
    @PreAuthorize(READ)
    public RenderedInput input(UUID runId, String nodeId) {
        return tx.execute(status -> {
            RunRow run = store.run(runId).orElseThrow(() -> new NotFoundException("Run not found"));
            int attempt = store.steps(runId).stream().filter(s -> s.nodeId().equals(nodeId)).findFirst().map(StepRow::attempt).orElse(1);
            try {
                return new RenderedInput(model.renderedInput(run, nodeId, attempt), null);
            } catch (io.flowmeter.template.TemplateException e) {
                return new RenderedInput(null, e.getMessage());
            }
        });
    }

    /** Runs linked to a run: what it re-ran, its re-runs, its parent (a sub-workflow's caller), its child runs by step. */
    public record RunLinks(@Nullable UUID rerunOf, List<UUID> reruns, @Nullable UUID parentRunId, Map<UUID, List<UUID>> childrenByStep) {
    }

    @PreAuthorize(READ)
    public RunLinks links(UUID runId) {
        return tx.execute(status -> {
            RunRow run = store.run(runId).orElseThrow(() -> new NotFoundException("Run not found"));
            List<UUID> reruns = jdbc.queryForList("select id from runs where tenant_id = ? and rerun_of = ? order by created_at limit 20",
                    UUID.class, run.tenantId(), runId);
            Map<UUID, List<UUID>> children = new LinkedHashMap<>();
            UUID[] stepIds = store.steps(runId).stream().map(StepRow::id).toArray(UUID[]::new);
            jdbc.query("""
                    select parent_step_id, id from runs where parent_step_id = any(?) and scope_node is null order by created_at limit 200
                    """, rs -> {
                children.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getObject(2, UUID.class));
            }, (Object) stepIds);
            return new RunLinks(run.rerunOf(), reruns, run.scopeNode() == null ? run.parentRunId() : null, children);
        });
    }

    /** Newest first, keyset-paginated (stable under inserts), optionally by workflow, status or parked. */
    @PreAuthorize(READ)
    public RunPage list(@Nullable UUID workflowId, @Nullable RunStatus status, boolean parkedOnly, @Nullable String cursor, int limit) {
        return list(new RunFilter(workflowId, status, parkedOnly, false, null, null, null, null), cursor, limit);
    }

    /** Newest first, keyset-paginated (stable under inserts), by {@code filter}. */
    @PreAuthorize(READ)
    public RunPage list(RunFilter filter, @Nullable String cursor, int limit) {
        int size = Math.max(1, Math.min(200, limit));
        io.flowmeter.shared.KeysetCursor after = io.flowmeter.shared.KeysetCursor.decode(cursor);
        Instant afterTime = after == null ? null : after.at();
        UUID afterId = after == null ? null : after.id();
        if (filter.triggerKind() != null && !TRIGGER_KINDS.contains(filter.triggerKind())) {
            throw new InvalidInputException("trigger", "Unknown trigger kind; use one of " + String.join(", ", TRIGGER_KINDS));
        }
        if (filter.businessKey() != null && filter.businessKey().length() > Engine.MAX_BUSINESS_KEY) {
            throw new InvalidInputException("businessKey", "A business key has at most " + Engine.MAX_BUSINESS_KEY + " characters");
        }
        if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
            throw new InvalidInputException("from", "The period's start must be before its end");
        }
        ListQuery query = listQuery(io.flowmeter.tenancy.TenantContext.requireTenant(), filter, afterTime, afterId, size + 1);
        List<RunRow> rows = tx.execute(s -> jdbc.query(query.sql(), RunStore.RUN, query.args().toArray()));
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            RunRow last = rows.get(size - 1);
            next = new io.flowmeter.shared.KeysetCursor(last.createdAt(), last.id()).encode();
        }
        return new RunPage(rows, next);
    }

    /** The SQL of one page of {@link #list} and its arguments. */
    record ListQuery(String sql, List<Object> args) {
    }

    /**
     * The query behind {@link #list} for runs of {@code tenantId} (checked filter values, a decoded cursor). Each
     * filter has an index that yields the tenant's matching runs newest first, so a page reads about as many index
     * entries as it shows, however rare the value (changeset {@code engine-runs-list-indexes}); the runs benchmark
     * explains these queries.
     */
    static ListQuery listQuery(UUID tenantId, RunFilter filter, @Nullable Instant afterTime, @Nullable UUID afterId, int limit) {
        // The tenant is named although row-level security filters by it too: the policy (this tenant or the platform
        // role) is an OR that no index can serve, so without it a page was the top of a sort of every tenant's runs.
        // A loop's item runs are parts of their run (reached through its loop step), not runs of their own in a list.
        StringBuilder sql = new StringBuilder("select " + RunStore.RUN_COLUMNS + " from runs where tenant_id = ? and scope_node is null");
        List<Object> args = new ArrayList<>();
        args.add(tenantId);
        if (filter.workflowId() != null) {
            sql.append(" and workflow_id = ?");
            args.add(filter.workflowId());
        }
        // Status and trigger kind are literals (an enum's name; a kind checked against TRIGGER_KINDS): the generic
        // plan PostgreSQL may cache for a prepared statement cannot use the partial status index for a parameter (the
        // runs benchmark shows it reading the tenant's whole history for RUNNING) and estimates every value alike.
        if (filter.status() != null) {
            sql.append(" and status = '").append(filter.status().name()).append('\'');
        }
        if (filter.parkedOnly()) {
            sql.append(" and parked");
        }
        if (filter.waitingOnly()) {
            sql.append(" and status = 'RUNNING' and id in (select run_id from step_runs where status = 'WAITING')");
        }
        if (filter.triggerKind() != null) {
            if (!TRIGGER_KINDS.contains(filter.triggerKind())) {
                throw new IllegalArgumentException("Unknown trigger kind " + filter.triggerKind());
            }
            sql.append(" and trigger_kind = '").append(filter.triggerKind()).append('\'');
        }
        if (filter.businessKey() != null) {
            sql.append(" and business_key = ?");
            args.add(filter.businessKey());
        }
        if (filter.from() != null) {
            sql.append(" and created_at >= ?");
            args.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and created_at < ?");
            args.add(Timestamp.from(filter.to()));
        }
        if (afterTime != null) {
            sql.append(" and (created_at, id) < (?, ?)");
            args.add(Timestamp.from(afterTime));
            args.add(afterId);
        }
        sql.append(" order by created_at desc, id desc limit ?");
        args.add(limit);
        return new ListQuery(sql.toString(), args);
    }

    /** How far a run got: settled steps of all its steps (the trigger counts as one). */
    public record StepCount(int done, int total) {
    }

    /** The query behind {@link #stepCounts}: one parameter, the runs' ids as an array. */
    static final String STEP_COUNTS_SQL = """
            select run_id, count(*) filter (where status in ('SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED')), count(*)
            from step_runs where run_id = any(?) group by run_id
            """;

    /** {@link StepCount}s of the given runs (of the current tenant), in one query. */
    @PreAuthorize(READ)
    public Map<UUID, StepCount> stepCounts(java.util.Collection<UUID> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, StepCount> counts = new HashMap<>();
        tx.executeWithoutResult(s -> jdbc.query(STEP_COUNTS_SQL, rs -> {
            counts.put(rs.getObject(1, UUID.class), new StepCount(rs.getInt(2), rs.getInt(3)));
        }, (Object) runIds.toArray(new UUID[0])));
        return counts;
    }

    @PreAuthorize(OPERATE)
    public void cancel(UUID runId) {
        RunRow run = requireRun(runId);
        if (!cancelAudited(run)) {
            throw new ConflictException("The run has already finished");
        }
    }

    /** Cancels the run and records who did, in one transaction. */
    private boolean cancelAudited(RunRow run) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            boolean cancelled = engine.cancel(run.id());
            if (cancelled) {
                audit.record(AuditAction.RUN_CANCELLED, run.id(), workflows.name(run.workflowId()).orElse(null),
                        Map.of("status", run.status().name()), Map.of("status", RunStatus.CANCELLED.name()));
            }
            return cancelled;
        }));
    }

    @PreAuthorize(OPERATE)
    public void pause(UUID runId) {
        requireRun(runId);
        if (!engine.pause(runId)) {
            throw new ConflictException("Only a running run can be paused");
        }
    }

    @PreAuthorize(OPERATE)
    public void resume(UUID runId) {
        requireRun(runId);
        if (!engine.resume(runId)) {
            throw new ConflictException("Only a paused run can be resumed");
        }
    }

    /**
     * Runs a finished run again as a new run: from the start (a replay with the same input) or from the failed
     * steps, keeping the outputs of every step that is not downstream of a failure; on the same version or the
     * latest published one (where steps are matched by id).
     */
    @PreAuthorize(OPERATE)
    public UUID rerun(UUID runId, RerunFrom from, RerunVersion versionChoice) {
        return rerun(runId, from, versionChoice, AuditAction.RUN_RERUN);
    }

    private UUID rerun(UUID runId, RerunFrom from, RerunVersion versionChoice, AuditAction action) {
        RunRow run = requireRun(runId);
        if (!run.status().finished()) {
            throw new ConflictException("Wait until the run has finished, or cancel it, before re-running it");
        }
        if (run.scopeNode() != null) {
            throw new ConflictException("This run is one item of loop '" + run.scopeNode() + "' in run " + run.parentRunId()
                    + "; re-run that run instead");
        }
        WorkflowVersion version = versionChoice == RerunVersion.LATEST ? workflows.latestVersion(run.workflowId())
                : workflows.version(run.versionId()).orElseThrow(() -> new NotFoundException("The run's version is gone"));
        Map<String, SettledStep> copied = new HashMap<>();
        if (from == RerunFrom.FAILED_STEP) {
            DefinitionCache.Loaded target = definitions.load(version);
            DefinitionCache.Loaded original = definitions.load(run.versionId());
            List<StepRow> steps = tx.execute(s -> store.steps(runId));
            Set<String> redo = new HashSet<>();
            Graph graph = original.graph();
            for (StepRow step : steps) {
                if (step.status() == StepStatus.FAILED || step.status() == StepStatus.CANCELLED) {
                    redo.add(step.nodeId());
                    redo.addAll(graph.descendants(step.nodeId()));
                }
            }
            if (redo.isEmpty()) {
                throw new ConflictException("The run has no failed step; re-run it from the start");
            }
            for (StepRow step : steps) {
                boolean keep = step.status() == StepStatus.SUCCEEDED && !redo.contains(step.nodeId())
                        && target.graph().nodeIds().contains(step.nodeId())
                        && !target.definition().node(step.nodeId()).map(n -> n.isTrigger()).orElse(false);
                if (keep) {
                    copied.put(step.nodeId(), new SettledStep(StepStatus.SUCCEEDED, step.output(), null));
                }
            }
        }
        requireQuota();
        UUID newRun = UUID.randomUUID();
        // the new run, the old one's unparking and the entry saying who did it, in one transaction
        tx.executeWithoutResult(s -> {
            engine.start(new RunStarter.Start(newRun, run.workflowId(), version, json.read(run.input()), "rerun", null, null, run.id(), copied));
            store.unpark(run.id());
            audit.record(action, run.id(), workflows.name(run.workflowId()).orElse(null), Map.of("status", run.status().name()),
                    Map.of("newRun", newRun.toString(), "from", from.name(), "version", version.getNumber()));
        });
        return newRun;
    }

    /** Re-runs parked runs from their failed steps on their own versions; returns the new run ids. */
    @PreAuthorize(OPERATE)
    public Map<UUID, UUID> retryParked(List<UUID> runIds) {
        List<UUID> targets = runIds.isEmpty()
                ? list(null, null, true, null, 200).items().stream().map(RunRow::id).toList()
                : runIds;
        Map<UUID, UUID> started = new LinkedHashMap<>();
        for (UUID id : targets) {
            RunRow run = requireRun(id);
            if (run.parked()) {
                started.put(id, rerun(id, RerunFrom.FAILED_STEP, RerunVersion.SAME, AuditAction.RUNS_RETRIED));
            }
        }
        return started;
    }

    /** The most runs one bulk action touches. */
    public static final int MAX_BULK = 1_000;

    /** What a bulk action did: runs acted on, runs left alone (not in a state the action applies to, or gone). */
    public record BulkResult(int done, int skipped, Map<UUID, UUID> rerunOf) {
    }

    /** A run bulk retry re-runs: failed or parked, and a run of its own (not one item of a loop). */
    public static boolean retryable(RunRow run) {
        return run.scopeNode() == null && (run.parked() || run.status() == RunStatus.FAILED);
    }

    /** A run bulk cancel stops: not finished (running, waiting or paused), and a run of its own. */
    public static boolean cancellable(RunRow run) {
        return run.scopeNode() == null && !run.status().finished();
    }

    /** The runs {@code filter} matches, newest first, at most {@code max} (for a bulk action on a filter). */
    @PreAuthorize(READ)
    public List<RunRow> matching(RunFilter filter, int max) {
        List<RunRow> rows = new ArrayList<>();
        String cursor = null;
        do {
            RunPage page = list(filter, cursor, Math.min(200, max - rows.size()));
            rows.addAll(page.items());
            cursor = page.next();
        } while (cursor != null && rows.size() < max);
        return rows;
    }

    /** Re-runs the failed (or parked) runs among {@code runIds} from their failed steps, on their own versions. */
    @PreAuthorize(OPERATE)
    public BulkResult retryFailed(List<UUID> runIds) {
        requireBulkSize(runIds);
        Map<UUID, UUID> started = new LinkedHashMap<>();
        int skipped = 0;
        for (UUID id : new java.util.LinkedHashSet<>(runIds)) {
            RunRow run = tx.execute(status -> store.run(id)).orElse(null);
            if (run == null || !retryable(run)) {
                skipped++;
                continue;
            }
            try {
                started.put(id, rerun(id, RerunFrom.FAILED_STEP, RerunVersion.SAME, AuditAction.RUNS_RETRIED));
            } catch (ConflictException | NotFoundException e) {
                skipped++;
            }
        }
        return new BulkResult(started.size(), skipped, started);
    }

    /** Cancels the running, paused or waiting runs among {@code runIds}. */
    @PreAuthorize(OPERATE)
    public BulkResult cancelAll(List<UUID> runIds) {
        requireBulkSize(runIds);
        int done = 0;
        int skipped = 0;
        for (UUID id : new java.util.LinkedHashSet<>(runIds)) {
            RunRow run = tx.execute(status -> store.run(id)).orElse(null);
            if (run != null && cancellable(run) && cancelAudited(run)) {
                done++;
            } else {
                skipped++;
            }
        }
        return new BulkResult(done, skipped, Map.of());
    }

    private static void requireBulkSize(List<UUID> runIds) {
        if (runIds.isEmpty()) {
            throw new InvalidInputException("runIds", "Choose at least one run");
        }
        if (runIds.size() > MAX_BULK) {
            throw new InvalidInputException("runIds", "A bulk action takes at most " + MAX_BULK + " runs at a time");
        }
    }

    /** An approval step waiting for a member. */
    public record PendingApproval(UUID runId, String nodeId, String workflowName, String message, @Nullable Instant since,
                                  @Nullable Instant timeoutAt) {
    }

    /** Approval steps of the current tenant that wait for an answer, oldest first. */
    @PreAuthorize(READ)
    public List<PendingApproval> pendingApprovals() {
        return tx.execute(status -> jdbc.query("""
                select s.run_id, s.node_id, w.name, coalesce(s.waiting->'info'->>'message', ''), s.started_at, s.wake_at
                from step_runs s join runs r on r.id = s.run_id join workflows w on w.id = r.workflow_id
                where s.status = 'WAITING' and s.waiting->>'kind' = 'approval' and r.status = 'RUNNING'
                order by s.started_at limit 200
                """, (rs, i) -> new PendingApproval(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                RunStore.instant(rs.getTimestamp(5)), RunStore.instant(rs.getTimestamp(6)))));
    }

    /** An approval's comment becomes part of the step's output: kept well below the output limit. */
    public static final int MAX_COMMENT_LENGTH = 10_000;

    /** Answers an approval step. */
    @PreAuthorize(OPERATE)
    public void decide(UUID runId, String nodeId, boolean approved, @Nullable String comment) {
        if (comment != null && comment.length() > MAX_COMMENT_LENGTH) {
            throw new io.flowmeter.shared.InvalidInputException("comment", "A comment may have at most " + MAX_COMMENT_LENGTH + " characters");
        }
        requireRun(runId);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("approved", approved);
        output.put("outcome", approved ? "approved" : "rejected");
        output.put("by", CurrentUser.get().map(p -> p.email()).orElse("api"));
        output.put("comment", comment == null ? "" : comment);
        output.put("at", Instant.now().toString());
        boolean answered = Boolean.TRUE.equals(tx.execute(status -> {
            if (!engine.signal(runId, nodeId, "approval", output)) {
                return false;
            }
            Map<String, Object> decision = new LinkedHashMap<>();
            decision.put("step", nodeId);
            decision.put("outcome", output.get("outcome"));
            if (comment != null && !comment.isBlank()) {
                decision.put("comment", comment.length() > 500 ? comment.substring(0, 500) + "…" : comment);
            }
            audit.record(AuditAction.APPROVAL_DECIDED, runId, nodeId, null, decision);
            return true;
        }));
        if (!answered) {
            throw new ConflictException("Step '" + nodeId + "' is not waiting for an approval");
        }
    }

    private RunRow requireRun(UUID runId) {
        return tx.execute(status -> store.run(runId)).orElseThrow(() -> new NotFoundException("Run not found"));
    }

    /**
     * The monthly run quota. Counting a month of runs on every start would cost more than the run itself, so
     * the count (and the plan's limit) is read at most every 10 s per tenant and the starts in between are added
     * locally; a node may overshoot by the runs it started within those seconds.
     */
    private void requireQuota() {
        UUID tenantId = io.flowmeter.tenancy.TenantContext.requireTenant();
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        QuotaCount count = quotaCounts.get(tenantId, id -> new QuotaCount());
        long used;
        int limit;
        synchronized (count) {
            if (!month.equals(count.month) || System.nanoTime() - count.readAt > 10_000_000_000L) {
                Instant monthStart = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                count.limit = tenants.current().getPlan().maxRunsPerMonth();
                Long counted = tx.execute(status -> jdbc.queryForObject("select count(*) from runs where tenant_id = ? and created_at >= ?",
                        Long.class, tenantId, Timestamp.from(monthStart)));
                count.month = month;
                count.used = counted == null ? 0 : counted;
                count.readAt = System.nanoTime();
            }
            used = count.used++;
            limit = count.limit;
        }
        if (used >= limit) {
            throw new ConflictException("This month's run quota (" + limit + " runs) is used up");
        }
    }

    private static final class QuotaCount {
        YearMonth month;
        long used;
        int limit;
        long readAt;
    }

    private final com.github.benmanes.caffeine.cache.Cache<UUID, QuotaCount> quotaCounts =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100_000).build();
}
