package io.flowmeter.tenancy.service;

import io.flowmeter.tenancy.TenantArchive;
import io.flowmeter.tenancy.TenantExportSection;
import org.springframework.stereotype.Component;

/** {@code organization.json}: the organization's name, slug, status and plan limits. */
@Component
class OrganizationExport implements TenantExportSection {

    @Override
    public int order() {
        return 10;
    }

    @Override
    public String title() {
        return "Organization";
    }

    @Override
    public void write(TenantArchive archive) {
        archive.jsonObject("organization.json", """
                select jsonb_build_object('id', id, 'name', name, 'slug', slug, 'status', status, 'createdAt', created_at,
                       'plan', jsonb_build_object('maxWorkflows', max_workflows, 'maxRunsPerMonth', max_runs_per_month,
                                                  'maxConnections', max_connections, 'maxMembers', max_members))::text
                from tenants where id = ?""", archive.tenantId());
    }
}
