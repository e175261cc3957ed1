package io.flowmeter.tenancy.service;

import io.flowmeter.tenancy.TenantContext;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Session;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
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
        try {
            holder.getEntityManager().unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement statement = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                    statement.setString(1, tenant);
                    statement.execute();
                }
            });
        } catch (RuntimeException e) {
            abandon(transaction);
            throw new CannotCreateTransactionException("Could not set the tenant scope of a new transaction", e);
        }
    }

    /**
     * The base class has bound the transaction's entity manager to this thread by now, and nothing up the stack
     * unbinds it when {@code doBegin} fails: left there, every later transaction on the thread would join this dead
     * one ("Connection is closed") for ever, long after the database is back. Long-lived threads (the webhook inbox's
     * drainer, JobRunr's workers) would never recover. Roll back what can be, and release the connection.
     */
    private void abandon(Object transaction) {
        var holder = (EntityManagerHolder) TransactionSynchronizationManager.getResource(obtainEntityManagerFactory());
        try {
            if (holder != null && holder.getEntityManager().getTransaction().isActive()) {
                holder.getEntityManager().getTransaction().rollback();
            }
        } catch (RuntimeException rollbackFailed) {
            // the connection is broken: closing it below is all that is left
        } finally {
            doCleanupAfterCompletion(transaction);
        }
    }
}
