package io.flowmeter.secret;

import io.flowmeter.tenancy.TenantPurge;
import org.springframework.stereotype.Component;

import java.util.UUID;

/** A deleted organization's secrets go with it, from Vault as from the local store. */
@Component
class SecretsPurge implements TenantPurge {

    private final SecretStore store;

    SecretsPurge(SecretStore store) {
        this.store = store;
    }

    @Override
    public String what() {
        return "secrets";
    }

    @Override
    public void purge(UUID tenantId) {
        store.deleteTenant(tenantId);
    }
}
