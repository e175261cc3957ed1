package io.flowmeter.engine.service;

import io.flowmeter.engine.RunsAtAGlance;
import io.flowmeter.engine.service.RunService.RunFilter;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.workflow.service.WorkflowService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@link RunsAtAGlance} on the runs tables: one aggregate over the period's range of the tenant's created-at index.
 * Queries name the tenant themselves (row-level security's "this tenant or the platform" is an OR no index serves).
 */
@Service
class RunOverview implements RunsAtAGlance {

    private static final String READ = "hasAnyRole('VIEWER', 'API')";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final RunService runs;
    private final WorkflowService workflows;

    RunOverview(JdbcTemplate jdbc, TransactionTemplate tx, RunService runs, WorkflowService workflows) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.runs = runs;
        this.workflows = workflows;
    }

    @Override
    @PreAuthorize(READ)
    public Counts countsSince(Instant since) {
        return tx.execute(status -> jdbc.queryForObject("""
                select count(*), count(*) filter (where status = 'SUCCEEDED'), count(*) filter (where status = 'FAILED'),
                       count(*) filter (where status in ('RUNNING', 'PAUSED'))
                from runs where tenant_id = ? and created_at >= ? and scope_node is null
                """, (rs, i) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)),
                io.flowmeter.tenancy.TenantContext.requireTenant(), Timestamp.from(since)));
    }

    @Override
    @PreAuthorize(READ)
    public List<Parked> parked(int limit) {
        List<RunRow> rows = runs.list(RunFilter.ALL.withStatus(null, true, false), null, limit).items();
        Map<UUID, String> names = rows.stream().map(RunRow::workflowId).distinct()
                .collect(Collectors.toMap(id -> id, id -> workflows.get(id).getName()));
        return rows.stream().map(r -> new Parked(r.id(), r.workflowId(), names.get(r.workflowId()), r.createdAt(), r.error())).toList();
    }

    @Override
    @PreAuthorize(READ)
    public long parkedCount() {
        Long count = tx.execute(status -> jdbc.queryForObject(
                "select count(*) from (select 1 from runs where tenant_id = ? and parked limit 1000) p", Long.class,
                io.flowmeter.tenancy.TenantContext.requireTenant()));
        return count == null ? 0 : count;
    }

    @Override
    @PreAuthorize(READ)
    public List<Approval> approvals(int limit) {
        return runs.pendingApprovals().stream().limit(limit)
                .map(a -> new Approval(a.runId(), a.nodeId(), a.workflowName(), a.message(), a.since())).toList();
    }

    @Override
    @PreAuthorize("hasAnyRole('OPERATOR', 'API')")
    public int retryParked() {
        List<UUID> ids = runs.matching(RunFilter.ALL.withStatus(null, true, false), RunService.MAX_BULK).stream().map(RunRow::id).toList();
        return ids.isEmpty() ? 0 : runs.retryFailed(ids).done();
    }
}
