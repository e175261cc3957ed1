package io.flowmeter.identity.security;

import io.flowmeter.tenancy.TenantContext;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.UUID;

/**
 * Screen work that arrives on another thread (run events, a captured test request) and must run as the person whose
 * screen it is, in their organization: capture both now, on the UI thread, and wrap the later work.
 */
public final class AsSignedIn {

    private final SecurityContext security;
    private final UUID tenant;

    private AsSignedIn(SecurityContext security, UUID tenant) {
        this.security = security;
        this.tenant = tenant;
    }

    /** The current person and organization (call on the UI thread). */
    public static AsSignedIn now() {
        return new AsSignedIn(SecurityContextHolder.getContext(), TenantContext.requireTenant());
    }

    /** {@code work} as that person, in that organization; the thread's own context is restored afterwards. */
    public Runnable wrap(Runnable work) {
        return () -> {
            SecurityContext previous = SecurityContextHolder.getContext();
            SecurityContextHolder.setContext(security);
            try (var scope = TenantContext.bind(tenant)) {
                work.run();
            } finally {
                SecurityContextHolder.setContext(previous);
            }
        };
    }

    /** Closes a listener registration; closing one only forgets it, so there is nothing to report. */
    public static void close(@Nullable AutoCloseable registration) {
        if (registration != null) {
            try {
                registration.close();
            } catch (Exception ignored) {
                // see above
            }
        }
    }
}
