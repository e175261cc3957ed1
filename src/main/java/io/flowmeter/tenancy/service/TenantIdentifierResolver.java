package io.flowmeter.tenancy.service;

import io.flowmeter.tenancy.TenantContext;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.UUID;

import static org.hibernate.cfg.MultiTenancySettings.MULTI_TENANT_IDENTIFIER_RESOLVER;

/**
 * Hibernate's half of tenant isolation: entities with {@code @TenantId} are filtered by the current tenant
 * and stamped with it on insert. Without a scope the resolver answers a tenant id no row has; the platform
 * scope answers the "root" id, for which Hibernate applies no filter.
 */
@Component
class TenantIdentifierResolver implements CurrentTenantIdentifierResolver<UUID>, HibernatePropertiesCustomizer {

    static final UUID NO_TENANT = new UUID(0, 0);
    static final UUID PLATFORM = new UUID(-1, -1);

    @Override
    public UUID resolveCurrentTenantIdentifier() {
        return TenantContext.currentScope()
                .map(scope -> scope.platform() ? PLATFORM : scope.tenantId())
                .orElse(NO_TENANT);
    }

    @Override
    public boolean validateExistingCurrentSessions() {
        return false;
    }

    @Override
    public boolean isRoot(UUID tenantId) {
        return PLATFORM.equals(tenantId);
    }

    @Override
    public void customize(Map<String, Object> hibernateProperties) {
        hibernateProperties.put(MULTI_TENANT_IDENTIFIER_RESOLVER, this);
    }
}
