package io.flowmeter.tenancy;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Which tenant the current thread works for. Transactions read it when they begin, so a scope must be
 * opened before the transaction, never inside one (that would leave the transaction on the old tenant;
 * {@link #open} refuses). Without a scope, tenant-owned tables look empty.
 * <p>
 * The platform scope sees every tenant. It exists for sign-in lookups (which tenant does this API key
 * belong to?) and platform administration, and is opened explicitly with {@link #callAsPlatform}.
 */
public final class TenantContext {

    private static final ThreadLocal<@Nullable Scope> CURRENT = new ThreadLocal<>();

    private TenantContext() {
    }

    /** A tenant, or the whole platform. */
    public record Scope(@Nullable UUID tenantId, boolean platform) {
        static Scope tenant(UUID tenantId) {
            return new Scope(tenantId, false);
        }

        static final Scope PLATFORM = new Scope(null, true);
    }

    public static Optional<UUID> currentTenant() {
        Scope scope = CURRENT.get();
        return scope == null ? Optional.empty() : Optional.ofNullable(scope.tenantId());
    }

    public static UUID requireTenant() {
        return currentTenant().orElseThrow(() -> new IllegalStateException("No current tenant"));
    }

    public static Optional<Scope> currentScope() {
        return Optional.ofNullable(CURRENT.get());
    }

    public static <T> T callAsTenant(UUID tenantId, Supplier<T> work) {
        try (var ignored = open(Scope.tenant(tenantId))) {
            return work.get();
        }
    }

    public static void runAsTenant(UUID tenantId, Runnable work) {
        callAsTenant(tenantId, () -> {
            work.run();
            return null;
        });
    }

    public static <T> T callAsPlatform(Supplier<T> work) {
        try (var ignored = open(Scope.PLATFORM)) {
            return work.get();
        }
    }

    public static void runAsPlatform(Runnable work) {
        callAsPlatform(() -> {
            work.run();
            return null;
        });
    }

    /** For request filters: binds the tenant until the returned handle is closed. */
    public static Handle bind(UUID tenantId) {
        return open(Scope.tenant(tenantId));
    }

    private static Handle open(Scope scope) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A tenant scope must be opened outside a transaction");
        }
        Scope previous = CURRENT.get();
        CURRENT.set(scope);
        String previousLogged = org.slf4j.MDC.get(MDC_TENANT);
        logAs(scope);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
            if (previousLogged == null) {
                org.slf4j.MDC.remove(MDC_TENANT);
            } else {
                org.slf4j.MDC.put(MDC_TENANT, previousLogged);
            }
        };
    }

    /** The log context key of the scope a log line was written in: a tenant's id, or "platform". */
    public static final String MDC_TENANT = "tenantId";

    private static void logAs(Scope scope) {
        if (scope.tenantId() != null) {
            org.slf4j.MDC.put(MDC_TENANT, scope.tenantId().toString());
        } else if (scope.platform()) {
            org.slf4j.MDC.put(MDC_TENANT, "platform");
        } else {
            org.slf4j.MDC.remove(MDC_TENANT);
        }
    }

    /** Restores the previous scope. */
    public interface Handle extends AutoCloseable {
        @Override
        void close();
    }
}
