package io.flowmeter.connection.service;

import io.flowmeter.tenancy.TenantArchive;
import io.flowmeter.tenancy.TenantExportSection;
import org.springframework.stereotype.Component;

/** {@code connections.csv}: each connection's name, service, kind and state. Never its secret. */
@Component
class ConnectionsExport implements TenantExportSection {

    @Override
    public int order() {
        return 30;
    }

    @Override
    public String title() {
        return "Connections";
    }

    @Override
    public void write(TenantArchive archive) {
        archive.csv("connections.csv", """
                select id, name, connector, auth_kind, status, status_message, scopes, rate_limit_per_minute, created_at,
                       last_used_at, last_tested_at, expires_at
                from connections where tenant_id = ? order by created_at, id""", archive.tenantId());
    }
}
