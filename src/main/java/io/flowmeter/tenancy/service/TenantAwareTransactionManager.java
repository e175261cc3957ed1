package io.flowmeter.tenancy.service;

import io.flowmeter.tenancy.TenantContext;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Session;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.PreparedStatement;

/**
 * PostgreSQL's half of tenant isolation: every transaction starts by setting {@code app.tenant_id} for itself only
 * ({@code set_config(..., true)} is {@code SET LOCAL}), which the row-level-security policies read. When the
 * transaction ends the setting vanishes with it, so a pooled connection never carries one tenant's context into
 * another's work. The platform scope is not a setting: its transactions run on the platform role's connections
 * ({@link ScopedDataSource}).
 */
class TenantAwareTransactionManager extends JpaTransactionManager {

    TenantAwareTransactionManager(EntityManagerFactory emf) {
        super(emf);
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        var holder = (EntityManagerHolder) TransactionSynchronizationManager.getResource(obtainEntityManagerFactory());
        if (holder == null) {
            throw new IllegalStateException("No entity manager bound after transaction begin");
        }
        var scope = TenantContext.currentScope();
        String tenant = scope.map(s -> s.tenantId() == null ? "" : s.tenantId().toString()).orElse("");
        holder.getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                statement.setString(1, tenant);
                statement.execute();
            }
        });
    }
}
