package io.flowmeter.identity.service;

import io.flowmeter.tenancy.TenantArchive;
import io.flowmeter.tenancy.TenantExportSection;
import org.springframework.stereotype.Component;

/**
 * {@code members.csv}, {@code invitations.csv} and {@code api-keys.csv}: who belongs, who was invited, which keys
 * exist. Never a password hash, an invitation's token or a key's hash.
 */
@Component
class PeopleExport implements TenantExportSection {

    @Override
    public int order() {
        return 20;
    }

    @Override
    public String title() {
        return "Members, invitations and API keys";
    }

    @Override
    public void write(TenantArchive archive) {
        archive.csv("members.csv", """
                select u.email, u.display_name, m.role, m.created_at as joined_at
                from memberships m join users u on u.id = m.user_id
                where m.tenant_id = ? order by m.created_at, u.email""", archive.tenantId());
        archive.csv("invitations.csv", """
                select email, role, created_at, expires_at, accepted_at, revoked_at
                from invitations where tenant_id = ? order by created_at, id""", archive.tenantId());
        archive.csv("api-keys.csv", """
                select name, key_prefix, created_at, last_used_at, revoked_at
                from api_keys where tenant_id = ? order by created_at, id""", archive.tenantId());
    }
}
