package io.flowmeter.audit.service;

import io.flowmeter.tenancy.TenantArchive;
import io.flowmeter.tenancy.TenantExportSection;
import org.springframework.stereotype.Component;

/** {@code audit-log.csv}: every entry of the organization's audit log, oldest first, with its before and after. */
@Component
class AuditExport implements TenantExportSection {

    @Override
    public int order() {
        return 70;
    }

    @Override
    public String title() {
        return "Audit log";
    }

    @Override
    public void write(TenantArchive archive) {
        archive.csv("audit-log.csv", """
                select id, at, actor_kind, actor_id, actor_name, ip, user_agent, action, object_type, object_id, object_name,
                       before, after
                from audit_events where tenant_id = ? and not platform order by at, id""", archive.tenantId());
    }
}
