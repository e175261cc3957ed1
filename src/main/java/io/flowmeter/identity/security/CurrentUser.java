package io.flowmeter.identity.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;

/** The signed-in person, if any, from Spring Security's context. */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static Optional<FlowmeterPrincipal> get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof FlowmeterPrincipal principal) {
            return Optional.of(principal);
        }
        return Optional.empty();
    }

    public static FlowmeterPrincipal require() {
        return get().orElseThrow(() -> new IllegalStateException("Nobody is signed in"));
    }
}
