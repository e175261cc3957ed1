package io.flowmeter.identity.security;

import io.flowmeter.identity.domain.Role;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.List;
import java.util.function.Supplier;

/**
 * Background work that reads what a viewer may read in the current organization, with nobody signed in: an emailed
 * ROI statement, the alert sweep. It acts as {@link #NAME} with the viewer role only, so it can read reports but never
 * change anything; the organization is still the one bound to the thread (row-level security decides the rest).
 */
public final class SystemViewer {

    public static final String NAME = "flowmeter-system";

    private SystemViewer() {
    }

    public static <T> T call(Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(NAME, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + Role.Names.VIEWER))));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
