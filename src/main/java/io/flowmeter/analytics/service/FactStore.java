package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.FactKind;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of facts and their hourly rollup, in the caller's transaction (row-level security keeps it in the tenant).
 * Triggers on roi_hourly keep roi_daily, the same summed per day, in step (changeset analytics-daily).
 */
@Component
class FactStore {

    /** How many facts one rollup transaction takes. */
    static final int ROLLUP_BATCH = 5_000;

    private final JdbcTemplate jdbc;

    FactStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(List<Fact> facts) {
        if (facts.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(facts.size());
        for (Fact f : facts) {
            rows.add(new Object[]{f.tenantId(), f.workflowId(), f.versionId(), f.versionNumber(), f.runId(), f.stepRunId(), f.nodeId(), f.attempt(),
                    f.kind().name(), f.status(), Timestamp.from(f.at()), Timestamp.from(FactBuilder.hour(f.at())), f.localDay(), f.quantity(),
                    f.tokensIn(), f.tokensOut(), f.subject(), f.rateName(), f.minutesSaved(), f.minutesSpent(), f.outcome(), f.valueSaved(),
                    f.cost(), f.currency(), f.confidence(), f.assumptions().toArray(UUID[]::new)});
        }
        jdbc.batchUpdate("""
                insert into roi_facts (tenant_id, workflow_id, version_id, version_number, run_id, step_run_id, node_id, attempt, kind, status,
                    at, hour, local_day, quantity, tokens_in, tokens_out, subject, rate_name, minutes_saved, minutes_spent, outcome,
                    value_saved, cost, currency, confidence, assumptions)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid[])
                on conflict do nothing
                """, rows);
    }

    /** A run succeeded: its pending value counts (a loop item's run hands it to the run of its loop step instead). */
    void keepPending(UUID runId, UUID countedIn) {
        if (runId.equals(countedIn)) {
            jdbc.update("update roi_facts set status = 'SAVED' where run_id = ? and kind = 'VALUE' and status = 'PENDING'", runId);
        } else {
            jdbc.update("update roi_facts set run_id = ? where run_id = ? and kind = 'VALUE' and status = 'PENDING'", countedIn, runId);
        }
    }

    /** A run failed or was cancelled: it saved nothing. */
    void dropPending(UUID runId) {
        jdbc.update("delete from roi_facts where run_id = ? and kind = 'VALUE' and status = 'PENDING'", runId);
    }

    /**
     * Adds up to {@link #ROLLUP_BATCH} facts not rolled up yet to roi_hourly and marks them, in one statement: a fact
     * is added exactly when it is marked, and two nodes rolling up at once take different facts. Returns how many.
     */
    int rollUp() {
        Integer rolled = jdbc.queryForObject("""
                with batch as (
                    select id from roi_facts where not rolled and (kind <> 'VALUE' or status <> 'PENDING')
                    order by id limit ? for update skip locked
                ), marked as (
                    update roi_facts f set rolled = true from batch where f.id = batch.id returning f.*
                ), summed as (
                    insert into roi_hourly as h (tenant_id, workflow_id, version_id, version_number, hour, local_day, currency, runs, succeeded,
                        failed, run_ms, minutes_saved, minutes_spent, value_saved, cost, cost_llm, cost_calls, cost_compute, cost_people, cost_failed,
                        value_low, value_medium, value_high)
                    select tenant_id, workflow_id, version_id, max(version_number), hour, local_day, currency,
                        count(*) filter (where kind = 'RUN'), count(*) filter (where kind = 'RUN' and status = 'SUCCEEDED'),
                        count(*) filter (where kind = 'RUN' and status = 'FAILED'),
                        coalesce(sum(quantity) filter (where kind = 'RUN'), 0),
                        sum(minutes_saved), sum(minutes_spent), sum(value_saved), sum(cost),
                        coalesce(sum(cost) filter (where kind = 'LLM'), 0), coalesce(sum(cost) filter (where kind = 'CALL'), 0),
                        coalesce(sum(cost) filter (where kind = 'COMPUTE'), 0),
                        coalesce(sum(cost) filter (where kind in ('APPROVAL', 'TRIAGE')), 0),
                        coalesce(sum(cost) filter (where kind = 'TRIAGE'), 0),
                        coalesce(sum(value_saved) filter (where confidence = 'low'), 0),
                        coalesce(sum(value_saved) filter (where confidence = 'medium'), 0),
                        coalesce(sum(value_saved) filter (where confidence = 'high'), 0)
                    from marked group by tenant_id, workflow_id, version_id, hour, local_day, currency
                    on conflict (tenant_id, workflow_id, version_id, hour, local_day, currency) do update set
                        version_number = excluded.version_number, runs = h.runs + excluded.runs, succeeded = h.succeeded + excluded.succeeded,
                        failed = h.failed + excluded.failed, run_ms = h.run_ms + excluded.run_ms,
                        minutes_saved = h.minutes_saved + excluded.minutes_saved,
                        minutes_spent = h.minutes_spent + excluded.minutes_spent, value_saved = h.value_saved + excluded.value_saved,
                        cost = h.cost + excluded.cost, cost_llm = h.cost_llm + excluded.cost_llm, cost_calls = h.cost_calls + excluded.cost_calls,
                        cost_compute = h.cost_compute + excluded.cost_compute, cost_people = h.cost_people + excluded.cost_people,
                        cost_failed = h.cost_failed + excluded.cost_failed, value_low = h.value_low + excluded.value_low,
                        value_medium = h.value_medium + excluded.value_medium, value_high = h.value_high + excluded.value_high
                    returning 1
                )
                select count(*) from marked
                """, Integer.class, ROLLUP_BATCH);
        return rolled == null ? 0 : rolled;
    }

    /** The facts of the tenant from a day on (for a restatement), locked. */
    List<Fact> from(UUID tenantId, java.time.LocalDate day) {
        return jdbc.query("""
                select tenant_id, workflow_id, version_id, version_number, run_id, step_run_id, node_id, attempt, kind, status, at, local_day,
                       quantity, tokens_in, tokens_out, subject, rate_name, minutes_saved, minutes_spent, outcome, value_saved, cost, currency,
                       confidence, assumptions
                from roi_facts where tenant_id = ? and local_day >= ? and (kind <> 'VALUE' or status <> 'PENDING') order by id for update
                """, (rs, i) -> new Fact(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getInt(4),
                rs.getObject(5, UUID.class), rs.getObject(6, UUID.class), rs.getString(7), rs.getInt(8), FactKind.valueOf(rs.getString(9)),
                rs.getString(10), rs.getTimestamp(11).toInstant(), rs.getObject(12, java.time.LocalDate.class), rs.getBigDecimal(13),
                rs.getLong(14), rs.getLong(15), rs.getString(16), rs.getString(17), rs.getBigDecimal(18), rs.getBigDecimal(19),
                rs.getBigDecimal(20), rs.getBigDecimal(21), rs.getBigDecimal(22), rs.getString(23), rs.getString(24),
                List.of((UUID[]) rs.getArray(25).getArray())), tenantId, day);
    }

    /**
     * Takes the tenant's facts from a day on out of the rollup (subtracting them from roi_hourly and marking them not
     * rolled up), so that they can be priced again and rolled up anew.
     */
    void unroll(UUID tenantId, java.time.LocalDate day) {
        jdbc.update("""
                with taken as (
                    update roi_facts set rolled = false where tenant_id = ? and local_day >= ? and rolled returning *
                ), sums as (
                    select tenant_id, workflow_id, version_id, hour, local_day, currency, count(*) filter (where kind = 'RUN') runs,
                        count(*) filter (where kind = 'RUN' and status = 'SUCCEEDED') succeeded, count(*) filter (where kind = 'RUN' and status = 'FAILED') failed,
                        coalesce(sum(quantity) filter (where kind = 'RUN'), 0) run_ms, sum(minutes_saved) minutes_saved, sum(minutes_spent) minutes_spent, sum(value_saved) value_saved, sum(cost) cost,
                        coalesce(sum(cost) filter (where kind = 'LLM'), 0) cost_llm, coalesce(sum(cost) filter (where kind = 'CALL'), 0) cost_calls,
                        coalesce(sum(cost) filter (where kind = 'COMPUTE'), 0) cost_compute,
                        coalesce(sum(cost) filter (where kind in ('APPROVAL', 'TRIAGE')), 0) cost_people,
                        coalesce(sum(cost) filter (where kind = 'TRIAGE'), 0) cost_failed,
                        coalesce(sum(value_saved) filter (where confidence = 'low'), 0) value_low,
                        coalesce(sum(value_saved) filter (where confidence = 'medium'), 0) value_medium,
                        coalesce(sum(value_saved) filter (where confidence = 'high'), 0) value_high
                    from taken group by tenant_id, workflow_id, version_id, hour, local_day, currency
                )
                update roi_hourly h set runs = h.runs - s.runs, succeeded = h.succeeded - s.succeeded, failed = h.failed - s.failed,
                    run_ms = h.run_ms - s.run_ms,
                    minutes_saved = h.minutes_saved - s.minutes_saved, minutes_spent = h.minutes_spent - s.minutes_spent,
                    value_saved = h.value_saved - s.value_saved, cost = h.cost - s.cost, cost_llm = h.cost_llm - s.cost_llm,
                    cost_calls = h.cost_calls - s.cost_calls, cost_compute = h.cost_compute - s.cost_compute, cost_people = h.cost_people - s.cost_people,
                    cost_failed = h.cost_failed - s.cost_failed, value_low = h.value_low - s.value_low, value_medium = h.value_medium - s.value_medium,
                    value_high = h.value_high - s.value_high
                from sums s where h.tenant_id = s.tenant_id and h.workflow_id = s.workflow_id and h.version_id = s.version_id and h.hour = s.hour
                    and h.local_day = s.local_day and h.currency = s.currency
                """, tenantId, day);
    }

    /** A fact priced again (restatement): its derived figures replaced. */
    void reprice(List<Fact> facts) {
        List<Object[]> rows = new ArrayList<>();
        for (Fact f : facts) {
            rows.add(new Object[]{f.minutesSaved(), f.minutesSpent(), f.outcome(), f.rateName(), f.valueSaved(), f.cost(), f.confidence(),
                    f.assumptions().toArray(UUID[]::new), f.runId(), f.kind().name(),
                    f.stepRunId() == null ? new UUID(0, 0) : f.stepRunId(), f.attempt()});
        }
        jdbc.batchUpdate("""
                update roi_facts set minutes_saved = ?, minutes_spent = ?, outcome = ?, rate_name = ?, value_saved = ?, cost = ?, confidence = ?,
                    assumptions = ?::uuid[], restated_at = now()
                where run_id = ? and kind = ? and coalesce(step_run_id, '00000000-0000-0000-0000-000000000000'::uuid) = ? and attempt = ?
                """, rows);
    }

    static BigDecimal sum(List<Fact> facts, java.util.function.Function<Fact, BigDecimal> field) {
        return facts.stream().map(field).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
