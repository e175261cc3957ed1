package io.flowmeter.engine.service;

import io.flowmeter.workflow.WorkflowRuns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link WorkflowRuns} for the workflow screens: one aggregate query per page of the list (runs of the last seven
 * days by workflow, on the {@code runs_workflow_created} index), and manual starts through {@link RunService}.
 */
@Service
class RunsOfWorkflows implements WorkflowRuns {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final RunService runs;

    RunsOfWorkflows(JdbcTemplate jdbc, TransactionTemplate tx, RunService runs) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.runs = runs;
    }

    @Override
    @PreAuthorize("hasAnyRole('VIEWER', 'API')")
    public Map<UUID, Summary> summaries(Collection<UUID> workflowIds) {
        Map<UUID, Summary> result = new HashMap<>();
        if (workflowIds.isEmpty()) {
            return result;
        }
        UUID[] ids = workflowIds.toArray(UUID[]::new);
        // named here too: row-level security's "this tenant or the platform" is an OR the workflow index cannot serve
        UUID tenant = io.flowmeter.tenancy.TenantContext.requireTenant();
        Timestamp since = Timestamp.from(Instant.now().minus(7, ChronoUnit.DAYS));
        tx.executeWithoutResult(status -> jdbc.query("""
                select w.id,
                       (select r.status from runs r where r.tenant_id = ? and r.workflow_id = w.id and r.scope_node is null
                        order by r.created_at desc limit 1),
                       (select max(r.created_at) from runs r where r.tenant_id = ? and r.workflow_id = w.id and r.scope_node is null),
                       count(r7.id), count(r7.id) filter (where r7.status = 'SUCCEEDED'), count(r7.id) filter (where r7.status = 'FAILED')
                from unnest(?::uuid[]) as w(id)
                left join runs r7 on r7.tenant_id = ? and r7.workflow_id = w.id and r7.scope_node is null and r7.created_at >= ?
                group by w.id""", rs -> {
            Timestamp last = rs.getTimestamp(3);
            result.put(rs.getObject(1, UUID.class), new Summary(rs.getString(2), last == null ? null : last.toInstant(),
                    rs.getLong(4), rs.getLong(5), rs.getLong(6)));
        }, tenant, tenant, ids, tenant, since));
        return result;
    }

    @Override
    @PreAuthorize("hasAnyRole('VIEWER', 'API')")
    public List<RecentRun> recent(UUID workflowId, int limit) {
        return runs.list(workflowId, null, false, null, limit).items().stream()
                .map(r -> new RecentRun(r.id(), r.createdAt(), r.status().name(), r.triggerKind(), r.error())).toList();
    }

    @Override
    public UUID startManual(UUID workflowId, Map<String, Object> input) {
        return runs.start(workflowId, input, "manual");
    }
}
