package io.flowmeter.workflow.service;

import io.flowmeter.tenancy.TenantArchive;
import io.flowmeter.tenancy.TenantExportSection;
import org.springframework.stereotype.Component;

/**
 * {@code workflows.json}: every workflow with its draft and every published version's definition (definitions name
 * connections by id; they never hold a secret).
 */
@Component
class WorkflowsExport implements TenantExportSection {

    @Override
    public int order() {
        return 40;
    }

    @Override
    public String title() {
        return "Workflows and their versions";
    }

    @Override
    public void write(TenantArchive archive) {
        archive.jsonArray("workflows.json", """
                select jsonb_build_object('id', w.id, 'name', w.name, 'description', w.description, 'paused', w.paused,
                       'createdAt', w.created_at, 'updatedAt', w.updated_at, 'latestVersion', w.latest_version, 'draft', w.draft,
                       'versions', coalesce((select jsonb_agg(jsonb_build_object('number', v.number, 'publishedAt', v.published_at,
                                                                               'note', v.note, 'definition', v.definition) order by v.number)
                                             from workflow_versions v where v.tenant_id = w.tenant_id and v.workflow_id = w.id), '[]'::jsonb))::text
                from workflows w where w.tenant_id = ? order by w.created_at, w.id""", archive.tenantId());
    }
}
