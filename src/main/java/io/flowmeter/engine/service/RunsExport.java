package io.flowmeter.engine.service;

import io.flowmeter.tenancy.TenantArchive;
import io.flowmeter.tenancy.TenantExportSection;
import org.springframework.stereotype.Component;

/** {@code runs.csv}: every run's metadata (what ran, when, how it ended); not its input, output or step data. */
@Component
class RunsExport implements TenantExportSection {

    @Override
    public int order() {
        return 50;
    }

    @Override
    public String title() {
        return "Runs";
    }

    @Override
    public void write(TenantArchive archive) {
        archive.csv("runs.csv", """
                select r.id, r.workflow_id, w.name as workflow_name, r.version_number, r.status, r.trigger_kind, r.business_key,
                       r.parent_run_id, r.rerun_of, r.created_at, r.finished_at,
                       round(extract(epoch from (r.finished_at - r.created_at)) * 1000) as duration_ms,
                       (select count(*) from step_runs s where s.tenant_id = r.tenant_id and s.run_id = r.id) as steps, r.error
                from runs r join workflows w on w.id = r.workflow_id
                where r.tenant_id = ? order by r.created_at, r.id""", archive.tenantId());
    }
}
