package io.flowmeter.engine.service;

import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The engine's SQL. Plain JDBC on the hot path, inside the caller's transaction (so row-level security and the
 * tenant setting apply). Status changes are conditional updates: a duplicate or stale job changes nothing.
 */
@Component
public class RunStore {

    /** A run as the engine needs it. */
    public record RunRow(UUID id, UUID tenantId, UUID workflowId, UUID versionId, int versionNumber, RunStatus status,
                         String triggerKind, String input, @Nullable String output, @Nullable String error, boolean parked,
                         @Nullable UUID parentRunId, @Nullable UUID parentStepId, @Nullable UUID rerunOf,
                         Instant createdAt, Instant updatedAt, @Nullable Instant finishedAt, @Nullable String scopeNode,
                         @Nullable String businessKey) {
    }

    /** A step run. */
    public record StepRow(UUID id, UUID runId, String nodeId, StepStatus status, int attempt, @Nullable String output,
                          @Nullable String error, @Nullable String waiting, @Nullable Instant wakeAt, @Nullable Instant queuedAt,
                          @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable Long durationMs) {
    }

    /** One attempt of a step. */
    public record AttemptRow(int attempt, String outcome, @Nullable String error, @Nullable String log,
                             Instant startedAt, Instant finishedAt) {
    }

    static final String RUN_COLUMNS = "id, tenant_id, workflow_id, version_id, version_number, status, trigger_kind, input, output, "
            + "error, parked, parent_run_id, parent_step_id, rerun_of, created_at, updated_at, finished_at, scope_node, business_key";
    static final String STEP_COLUMNS = "id, run_id, node_id, status, attempt, output, error, waiting, wake_at, queued_at, "
            + "started_at, finished_at, duration_ms";

    static final RowMapper<RunRow> RUN = (rs, i) -> new RunRow(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
            rs.getObject("workflow_id", UUID.class), rs.getObject("version_id", UUID.class), rs.getInt("version_number"),
            RunStatus.valueOf(rs.getString("status")), rs.getString("trigger_kind"), rs.getString("input"), rs.getString("output"),
            rs.getString("error"), rs.getBoolean("parked"), rs.getObject("parent_run_id", UUID.class),
            rs.getObject("parent_step_id", UUID.class), rs.getObject("rerun_of", UUID.class), instant(rs.getTimestamp("created_at")),
            instant(rs.getTimestamp("updated_at")), instant(rs.getTimestamp("finished_at")), rs.getString("scope_node"),
            rs.getString("business_key"));

    static final RowMapper<StepRow> STEP = (rs, i) -> new StepRow(rs.getObject("id", UUID.class), rs.getObject("run_id", UUID.class),
            rs.getString("node_id"), StepStatus.valueOf(rs.getString("status")), rs.getInt("attempt"), rs.getString("output"),
            rs.getString("error"), rs.getString("waiting"), instant(rs.getTimestamp("wake_at")), instant(rs.getTimestamp("queued_at")),
            instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
            rs.getObject("duration_ms") == null ? null : rs.getLong("duration_ms"));

    private final JdbcTemplate jdbc;
    /** The run whose rows this thread's transaction keeps in memory, if any ({@link #holdRowsOf}). */
    private final ThreadLocal<@Nullable HeldRun> held = new ThreadLocal<>();
    /** The run whose insert is to be held, until it is made, and whether its id is new (no run can have it). */
    private final ThreadLocal<@Nullable ToHold> toHold = new ThreadLocal<>();

    private record ToHold(UUID runId, boolean fresh) {
    }

    RunStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Keeps the rows of the run {@code runId}, when this thread's transaction inserts it, in memory ({@link HeldRun}):
     * the statements below that concern only that run change them there; any other statement first writes them
     * ({@link #writeHeld}), so it sees the database as it would have been. The caller writes them before its
     * transaction commits and releases them ({@link #releaseHeld}) in any case. Unless {@code fresh} (the caller made
     * the id up just now), the insert first looks for a run with the id, as an insert that does nothing would have told:
     * a repeated start then stops there, instead of running its chain to be refused when the rows are written.
     */
    void holdRowsOf(UUID runId, boolean fresh) {
        toHold.set(new ToHold(runId, fresh));
    }

    /**
     * Writes the held run's rows as they stand, if rows are held; throws {@link AlreadyStarted} when a run with its
     * id exists (a re-delivered start: the caller's transaction must roll back, as nothing of it may be kept).
     */
    void writeHeld() {
        toHold.remove();
        HeldRun run = held.get();
        if (run == null) {
            return;
        }
        held.remove();
        int inserted = jdbc.update("""
                insert into runs (id, tenant_id, workflow_id, version_id, version_number, status, trigger_kind, input, output, error,
                                  parked, parent_run_id, parent_step_id, rerun_of, scope_node, business_key, created_at, updated_at,
                                  finished_at)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing
                """, run.id, run.tenantId, run.workflowId, run.versionId, run.versionNumber, run.status.name(), run.triggerKind,
                run.input, run.output, run.error, run.parked, run.parentRunId, run.parentStepId, run.rerunOf, run.scopeNode,
                // the times of a held run all come from this clock, as its steps' do: its duration cannot come out negative
                run.businessKey, timestamp(run.createdAt), timestamp(run.finishedAt == null ? run.createdAt : run.finishedAt),
                timestamp(run.finishedAt));
        if (inserted == 0) {
            throw new AlreadyStarted(run.id);
        }
        List<Object[]> rows = new ArrayList<>();
        for (HeldRun.Step step : run.steps.values()) {
            rows.add(new Object[]{step.id, run.tenantId, run.id, step.nodeId, step.status.name(), step.attempt, step.output, step.error,
                    timestamp(step.queuedAt), timestamp(step.startedAt), timestamp(step.finishedAt), step.durationMs});
        }
        jdbc.batchUpdate("""
                insert into step_runs (id, tenant_id, run_id, node_id, status, attempt, output, error, queued_at, started_at, finished_at,
                                       duration_ms)
                values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
                """, rows);
    }

    /** Forgets held rows without writing them (their transaction is rolling back, or they were written). */
    void releaseHeld() {
        held.remove();
        toHold.remove();
    }

    /** Held rows were to be inserted for a run that exists already. */
    static final class AlreadyStarted extends RuntimeException {
        AlreadyStarted(UUID runId) {
            super("Run " + runId + " was started already");
        }
    }

    /** The held rows if they are {@code runId}'s; otherwise held rows are written first, and null. */
    private @Nullable HeldRun held(UUID runId) {
        HeldRun run = held.get();
        if (run != null && run.id.equals(runId)) {
            return run;
        }
        writeHeld();
        return null;
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /** Inserts the run unless a run with this id exists; true when inserted. */
    boolean insertRun(UUID id, UUID tenantId, UUID workflowId, UUID versionId, int versionNumber, String triggerKind, String input,
                      @Nullable UUID parentRunId, @Nullable UUID parentStepId, @Nullable UUID rerunOf, @Nullable String scopeNode,
                      @Nullable String businessKey) {
        ToHold hold = toHold.get();
        if (hold != null && hold.runId().equals(id)) {
            writeHeld(); // another run's held rows, if any, first
            if (!hold.fresh() && Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from runs where id = ?)", Boolean.class, id))) {
                return false; // already started (a re-delivered request)
            }
            held.set(new HeldRun(id, tenantId, workflowId, versionId, versionNumber, triggerKind, input, parentRunId, parentStepId,
                    rerunOf, scopeNode, businessKey));
            return true; // a run with this id stored meanwhile makes the insert of its held rows fail
        }
        writeHeld();
        return jdbc.update("""
                insert into runs (id, tenant_id, workflow_id, version_id, version_number, status, trigger_kind, input,
                                  parent_run_id, parent_step_id, rerun_of, scope_node, business_key)
                values (?, ?, ?, ?, ?, 'RUNNING', ?, ?::jsonb, ?, ?, ?, ?, ?) on conflict (id) do nothing
                """, id, tenantId, workflowId, versionId, versionNumber, triggerKind, input, parentRunId, parentStepId, rerunOf,
                scopeNode, businessKey) == 1;
    }

    /**
     * One row per node; {@code settled} carries nodes that start settled (the trigger, steps copied by a re-run).
     * Returns node id → step id.
     */
    Map<String, UUID> insertSteps(UUID tenantId, UUID runId, Collection<String> nodeIds, Map<String, SettledStep> settled) {
        HeldRun heldRun = held(runId);
        if (heldRun != null) {
            Map<String, UUID> ids = new LinkedHashMap<>();
            Instant now = Instant.now();
            for (String nodeId : nodeIds) {
                SettledStep done = settled.get(nodeId);
                var step = new HeldRun.Step(UUID.randomUUID(), nodeId, done == null ? StepStatus.PENDING : done.status());
                if (done != null) {
                    step.output = done.output();
                    step.error = done.error();
                    step.startedAt = now;
                    step.finishedAt = now;
                    step.attempt = 1;
                }
                heldRun.addStep(step);
                ids.put(nodeId, step.id);
            }
            return ids;
        }
        List<Object[]> rows = new ArrayList<>();
        Map<String, UUID> ids = new LinkedHashMap<>();
        Timestamp now = Timestamp.from(Instant.now());
        for (String nodeId : nodeIds) {
            SettledStep done = settled.get(nodeId);
            UUID id = UUID.randomUUID();
            ids.put(nodeId, id);
            rows.add(new Object[]{id, tenantId, runId, nodeId, done == null ? "PENDING" : done.status().name(),
                    done == null ? null : done.output(), done == null ? null : done.error(), done == null ? null : now,
                    done == null ? null : now, done == null ? 0 : 1});
        }
        jdbc.batchUpdate("""
                insert into step_runs (id, tenant_id, run_id, node_id, status, output, error, started_at, finished_at, attempt)
                values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                """, rows);
        return ids;
    }

    /** A step that starts settled. */
    record SettledStep(StepStatus status, @Nullable String output, @Nullable String error) {
    }

    /** Where the run stands, without reading the rest of it. */
    Optional<RunStatus> status(UUID runId) {
        HeldRun heldRun = held(runId);
        if (heldRun != null) {
            return Optional.of(heldRun.status);
        }
        return jdbc.query("select status from runs where id = ?", (rs, i) -> RunStatus.valueOf(rs.getString(1)), runId).stream().findFirst();
    }

    Optional<RunRow> run(UUID runId) {
        HeldRun heldRun = held(runId);
        if (heldRun != null) {
            return Optional.of(heldRun.row());
        }
        return jdbc.query("select " + RUN_COLUMNS + " from runs where id = ?", RUN, runId).stream().findFirst();
    }

    /** Locks the run: completions of one run are serialized, so fan-in decisions see every settled input. */
    Optional<RunRow> lockRun(UUID runId) {
        HeldRun heldRun = held(runId);
        if (heldRun != null) {
            return Optional.of(heldRun.row()); // not in the database yet: no other transaction can see it, let alone lock it
        }
        return jdbc.query("select " + RUN_COLUMNS + " from runs where id = ? for update", RUN, runId).stream().findFirst();
    }

    Optional<StepRow> step(UUID stepId) {
        writeHeld();
        return jdbc.query("select " + STEP_COLUMNS + " from step_runs where id = ?", STEP, stepId).stream().findFirst();
    }

    /**
     * A step with its run, the run locked (as {@link #lockRun}), in one round trip: the hot path of every step job, whose
     * transaction may go on to record the step's outcome under that lock.
     */
    record StepAndRun(StepRow step, RunRow run) {
    }

    Optional<StepAndRun> stepWithRun(UUID stepId, UUID runId) {
        writeHeld();
        return jdbc.query("select s.id as s_id, s.node_id as s_node_id, s.status as s_status, s.attempt as s_attempt,"
                        + " s.output as s_output, s.error as s_error, s.waiting as s_waiting, s.wake_at as s_wake_at,"
                        + " s.queued_at as s_queued_at, s.started_at as s_started_at, s.finished_at as s_finished_at,"
                        + " s.duration_ms as s_duration_ms, r.* from step_runs s join runs r on r.id = s.run_id where s.id = ? and r.id = ?"
                        + " for update of r",
                (rs, i) -> new StepAndRun(new StepRow(rs.getObject("s_id", UUID.class), runId, rs.getString("s_node_id"),
                        StepStatus.valueOf(rs.getString("s_status")), rs.getInt("s_attempt"), rs.getString("s_output"),
                        rs.getString("s_error"), rs.getString("s_waiting"), instant(rs.getTimestamp("s_wake_at")),
                        instant(rs.getTimestamp("s_queued_at")), instant(rs.getTimestamp("s_started_at")),
                        instant(rs.getTimestamp("s_finished_at")), rs.getObject("s_duration_ms") == null ? null : rs.getLong("s_duration_ms")),
                        RUN.mapRow(rs, i)), stepId, runId).stream().findFirst();
    }

    Optional<StepRow> step(UUID runId, String nodeId) {
        writeHeld();
        return jdbc.query("select " + STEP_COLUMNS + " from step_runs where run_id = ? and node_id = ?", STEP, runId, nodeId)
                .stream().findFirst();
    }

    List<StepRow> steps(UUID runId) {
        writeHeld();
        return jdbc.query("select " + STEP_COLUMNS + " from step_runs where run_id = ? order by coalesce(started_at, queued_at, finished_at), node_id",
                STEP, runId);
    }

    Map<String, StepStatus> states(UUID runId) {
        HeldRun heldRun = held(runId);
        if (heldRun != null) {
            return heldRun.states();
        }
        Map<String, StepStatus> states = new LinkedHashMap<>();
        jdbc.query("select node_id, status from step_runs where run_id = ?",
                rs -> {
                    states.put(rs.getString(1), StepStatus.valueOf(rs.getString(2)));
                }, runId);
        return states;
    }

    /** Outputs (and errors) of the given nodes that have them, as JSON text. */
    Map<String, String[]> outputs(UUID runId, Collection<String> nodeIds) {
        Map<String, String[]> outputs = new LinkedHashMap<>();
        if (nodeIds.isEmpty()) {
            return outputs;
        }
        HeldRun heldRun = held(runId);
        if (heldRun != null) {
            return heldRun.outputs(nodeIds);
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement("select node_id, output, error from step_runs where run_id = ? and node_id = any(?)");
            ps.setObject(1, runId);
            ps.setArray(2, con.createArrayOf("varchar", nodeIds.toArray()));
            return ps;
        }, rs -> {
            outputs.put(rs.getString(1), new String[]{rs.getString(2), rs.getString(3)});
        });
        return outputs;
    }

    /** PENDING → QUEUED for the given nodes; returns node id → step id of those changed. */
    // Times written here are clock_timestamp(), not now(): now() is when the transaction began, and a chain of quick
    // steps queues and finishes steps, and its run, well after that.
    Map<String, UUID> queue(UUID runId, Collection<String> nodeIds) {
        Map<String, UUID> queued = new LinkedHashMap<>();
        if (nodeIds.isEmpty()) {
            return queued;
        }
        HeldRun heldRun = held(runId);
        if (heldRun != null) {
            return heldRun.queue(nodeIds);
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    update step_runs set status = 'QUEUED', attempt = 1, queued_at = clock_timestamp(), error = null
                    where run_id = ? and node_id = any(?) and status = 'PENDING' returning node_id, id
                    """);
            ps.setObject(1, runId);
            ps.setArray(2, con.createArrayOf("varchar", nodeIds.toArray()));
            return ps;
        }, rs -> {
            queued.put(rs.getString(1), rs.getObject(2, UUID.class));
        });
        return queued;
    }

    int settlePending(UUID runId, Collection<String> nodeIds, StepStatus status, @Nullable String error) {
        if (nodeIds.isEmpty()) {
            return 0;
        }
        HeldRun heldRun = held(runId);
        if (heldRun != null) {
            return heldRun.settlePending(nodeIds, status, error);
        }
        return jdbc.update(con -> {
            var ps = con.prepareStatement("update step_runs set status = ?, error = ?, finished_at = clock_timestamp() "
                    + "where run_id = ? and node_id = any(?) and status = 'PENDING'");
            ps.setString(1, status.name());
            ps.setString(2, error);
            ps.setObject(3, runId);
            Array array = con.createArrayOf("varchar", nodeIds.toArray());
            ps.setArray(4, array);
            return ps;
        });
    }

    /**
     * Marks a step attempt running; false when the job is stale (another attempt, or already settled). An
     * attempt already RUNNING is one whose node died mid-step: it runs again, with the same idempotency key.
     */
    boolean markRunning(UUID stepId, int attempt, Instant startedAt) {
        writeHeld();
        return jdbc.update("update step_runs set status = 'RUNNING', started_at = ? where id = ? and attempt = ? and status in ('QUEUED', 'RUNNING')",
                Timestamp.from(startedAt), stepId, attempt) == 1;
    }

    /**
     * Settles an attempt that was queued or running, and reads the states of the run's steps as they are after that,
     * in one statement (a step's outcome is followed by deciding what runs next, which needs them); empty when the
     * attempt was not QUEUED or RUNNING, and nothing changed.
     */
    Optional<Map<String, StepStatus>> finishReadingStates(UUID runId, UUID stepId, int attempt, StepStatus status, @Nullable String output,
                                                          @Nullable String error, Instant startedAt, Instant finishedAt) {
        return finishReadingStates(runId, stepId, attempt, false, status, output, error, startedAt, finishedAt, null);
    }

    private static final String FINISH_READING_STATES = """
            with finished as (
                update step_runs set status = ?, output = ?::jsonb, error = ?, waiting = null, wake_at = null,
                       started_at = coalesce(started_at, ?), finished_at = ?, duration_ms = ?%s
                where id = ? and %s
                returning node_id, status, id)
            select node_id, status, false as now, id from step_runs where run_id = ?
            union all
            select node_id, status, true, id from finished
            """;
    private static final String FINISH_QUEUED = FINISH_READING_STATES.formatted("", "attempt = ? and status in ('QUEUED', 'RUNNING')");
    private static final String FINISH_CLAIMED = FINISH_READING_STATES.formatted(", attempt = ?, queued_at = ?", "status = 'PENDING'");

    /**
     * {@link #finishReadingStates(UUID, UUID, int, StepStatus, String, String, Instant, Instant)}; with {@code claimed},
     * the step is one a chain of this transaction claimed without queueing it ({@link InlineSteps}): still PENDING, it
     * settles from there as its first attempt, queued when it started. {@code ids}, when given, receives node id → step
     * id of the run's steps.
     */
    Optional<Map<String, StepStatus>> finishReadingStates(UUID runId, UUID stepId, int attempt, boolean claimed, StepStatus status,
                                                          @Nullable String output, @Nullable String error, Instant startedAt,
                                                          Instant finishedAt, @Nullable Map<String, UUID> ids) {
        HeldRun heldRun = held(runId);
        if (heldRun != null && claimed) {
            return heldRun.finishClaimed(stepId, attempt, status, output, error, startedAt, finishedAt, ids);
        }
        writeHeld();
        Map<String, StepStatus> states = new LinkedHashMap<>();
        Map<String, StepStatus> finished = new LinkedHashMap<>();
        List<Object> args = new ArrayList<>(List.of(status.name()));
        args.add(output);
        args.add(error);
        args.addAll(List.of(Timestamp.from(startedAt), Timestamp.from(finishedAt), finishedAt.toEpochMilli() - startedAt.toEpochMilli()));
        if (claimed) {
            args.addAll(List.of(attempt, Timestamp.from(startedAt), stepId));
        } else {
            args.addAll(List.of(stepId, attempt));
        }
        args.add(runId);
        // the statements of one query share a snapshot: the select sees the step as it was, the update's row says what it is now
        jdbc.query(claimed ? FINISH_CLAIMED : FINISH_QUEUED, rs -> {
            (rs.getBoolean(3) ? finished : states).put(rs.getString(1), StepStatus.valueOf(rs.getString(2)));
            if (ids != null) {
                ids.put(rs.getString(1), rs.getObject(4, UUID.class));
            }
        }, args.toArray());
        if (finished.isEmpty()) {
            return Optional.empty();
        }
        states.putAll(finished);
        return Optional.of(states);
    }

    /** Puts an attempt into WAITING (a delay, an approval, a child run). */
    boolean await(UUID stepId, int attempt, String waiting, @Nullable Instant wakeAt, Instant startedAt) {
        writeHeld();
        return jdbc.update("""
                update step_runs set status = 'WAITING', waiting = ?::jsonb, wake_at = ?, started_at = coalesce(started_at, ?)
                where id = ? and attempt = ? and status in ('QUEUED', 'RUNNING')
                """, waiting, wakeAt == null ? null : Timestamp.from(wakeAt), Timestamp.from(startedAt), stepId, attempt) == 1;
    }

    /** Ends a wait with an outcome, at {@code finishedAt} (the time its attempt row and settlement say too). */
    boolean finishWaiting(UUID stepId, int attempt, StepStatus status, @Nullable String output, @Nullable String error,
                          Instant finishedAt) {
        writeHeld();
        Timestamp finished = Timestamp.from(finishedAt);
        return jdbc.update("""
                update step_runs set status = ?, output = ?::jsonb, error = ?, wake_at = null, finished_at = ?,
                       duration_ms = (extract(epoch from ?::timestamptz - started_at) * 1000)::bigint
                where id = ? and attempt = ? and status = 'WAITING'
                """, status.name(), output, error, finished, finished, stepId, attempt) == 1;
    }

    /** A failed attempt that will be tried again at {@code wakeAt}. */
    boolean retryLater(UUID stepId, int attempt, String error, Instant wakeAt) {
        writeHeld();
        return jdbc.update("""
                update step_runs set status = 'QUEUED', attempt = attempt + 1, error = ?, wake_at = ?, queued_at = clock_timestamp(), started_at = null
                where id = ? and attempt = ? and status in ('QUEUED', 'RUNNING')
                """, error, Timestamp.from(wakeAt), stepId, attempt) == 1;
    }

    /** Holds a queued attempt until {@code wakeAt} without spending it (a connection's rate limit). */
    boolean defer(UUID stepId, int attempt, Instant wakeAt) {
        writeHeld();
        return jdbc.update("""
                update step_runs set wake_at = ? where id = ? and attempt = ? and status = 'QUEUED'
                """, Timestamp.from(wakeAt), stepId, attempt) == 1;
    }

    void insertAttempt(UUID tenantId, UUID runId, UUID stepId, int attempt, String outcome, @Nullable String error,
                       @Nullable String log, Instant startedAt, Instant finishedAt) {
        writeHeld();
        jdbc.update("""
                insert into step_attempts (id, tenant_id, run_id, step_run_id, attempt, outcome, error, log, started_at, finished_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (step_run_id, attempt) do nothing
                """, UUID.randomUUID(), tenantId, runId, stepId, attempt, outcome, error, log, Timestamp.from(startedAt), Timestamp.from(finishedAt));
    }

    /** The attempts of several steps in one query, by step. */
    Map<UUID, List<AttemptRow>> attempts(Collection<UUID> stepIds) {
        writeHeld();
        Map<UUID, List<AttemptRow>> byStep = new HashMap<>();
        if (stepIds.isEmpty()) {
            return byStep;
        }
        jdbc.query("select step_run_id, attempt, outcome, error, log, started_at, finished_at from step_attempts "
                + "where step_run_id = any(?) order by step_run_id, attempt", rs -> {
            byStep.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(new AttemptRow(rs.getInt(2), rs.getString(3),
                    rs.getString(4), rs.getString(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7))));
        }, (Object) stepIds.toArray(new UUID[0]));
        return byStep;
    }

    void finishRun(UUID runId, RunStatus status, @Nullable String output, @Nullable String error, boolean parked) {
        HeldRun heldRun = held(runId);
        if (heldRun != null) {
            heldRun.finish(status, output, error, parked);
            return;
        }
        jdbc.update("update runs set status = ?, output = ?::jsonb, error = ?, parked = ?, finished_at = clock_timestamp(), updated_at = clock_timestamp() where id = ?",
                status.name(), output, error, parked, runId);
    }

    void setRunStatus(UUID runId, RunStatus status) {
        writeHeld();
        jdbc.update("update runs set status = ?, updated_at = now() where id = ?", status.name(), runId);
    }

    void touchRun(UUID runId) {
        writeHeld();
        jdbc.update("update runs set updated_at = now() where id = ?", runId);
    }

    void unpark(UUID runId) {
        writeHeld();
        jdbc.update("update runs set parked = false, updated_at = now() where id = ?", runId);
    }

    /** Cancels every step that has not settled; returns how many. */
    int cancelUnsettled(UUID runId, String reason) {
        HeldRun heldRun = held(runId);
        if (heldRun != null) {
            return heldRun.cancelUnsettled(reason);
        }
        return jdbc.update("""
                update step_runs set status = 'CANCELLED', error = coalesce(error, ?), wake_at = null, finished_at = clock_timestamp()
                where run_id = ? and status in ('PENDING', 'QUEUED', 'WAITING')
                """, reason, runId);
    }

    /** How far a loop's item runs have got. */
    record LoopProgress(int started, int finished, int failed) {
        int running() {
            return started - finished;
        }
    }

    LoopProgress loopProgress(UUID loopStepId) {
        writeHeld();
        return jdbc.queryForObject("""
                select count(*), count(*) filter (where status in ('SUCCEEDED', 'FAILED', 'CANCELLED')),
                       count(*) filter (where status in ('FAILED', 'CANCELLED'))
                from runs where parent_step_id = ?
                """, (rs, i) -> new LoopProgress(rs.getInt(1), rs.getInt(2), rs.getInt(3)), loopStepId);
    }

    /** The item runs of a loop step, by id. */
    Map<UUID, RunRow> children(UUID parentStepId) {
        writeHeld();
        Map<UUID, RunRow> children = new LinkedHashMap<>();
        jdbc.query("select " + RUN_COLUMNS + " from runs where parent_step_id = ?", rs -> {
            RunRow row = RUN.mapRow(rs, 0);
            children.put(row.id(), row);
        }, parentStepId);
        return children;
    }

    List<UUID> activeChildren(UUID runId) {
        writeHeld();
        return jdbc.queryForList("select id from runs where parent_run_id = ? and status in ('RUNNING', 'PAUSED')", UUID.class, runId);
    }

    /** Sends events to other nodes, in the caller's transaction (delivered at commit). */
    void notifyEvents(String payload) {
        jdbc.queryForList("select pg_notify('flowmeter_events', ?)", payload);
    }

    static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
