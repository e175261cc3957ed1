package io.flowmeter.identity.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flowmeter.identity.security.SignInRefusedException.Reason;
import io.flowmeter.identity.security.SignInService.SessionCheck;
import io.flowmeter.tenancy.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;

/**
 * Binds the request to its tenant. For signed-in sessions it first re-checks, at most every few seconds per
 * person, that they may still work there: a suspended tenant, a removed member or a session from before a password
 * change is signed out on their next click, and a changed role or name takes effect without signing in again.
 */
class TenantSessionFilter extends OncePerRequestFilter {

    private static final Duration RECHECK = Duration.ofSeconds(5);

    private final SignInService signIn;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final Cache<FlowmeterPrincipal, SessionCheck> checked =
            Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(RECHECK).build();

    TenantSessionFilter(SignInService signIn) {
        this.signIn = signIn;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Object principal = authentication == null ? null : authentication.getPrincipal();
        if (principal instanceof FlowmeterPrincipal member) {
            SessionCheck check = checked.get(member, signIn::refresh);
            if (check instanceof SessionCheck.Ended ended) {
                signOut(ended.reason(), request, response);
                chain.doFilter(request, response);
                return;
            }
            FlowmeterPrincipal current = ((SessionCheck.Valid) check).principal();
            if (!current.equals(member)) {
                replace(current, request, response);
            }
            principal = current;
        }
        if (principal instanceof TenantBound bound && bound.tenantId() != null) {
            try (var ignored = TenantContext.bind(bound.tenantId())) {
                chain.doFilter(request, response);
            }
        } else {
            chain.doFilter(request, response);
        }
    }

    private void signOut(String reason, HttpServletRequest request, HttpServletResponse response) {
        SecurityContextHolder.clearContext();
        var session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        request.getSession(true).setAttribute(WebAttributes.AUTHENTICATION_EXCEPTION, new SignInRefusedException(Reason.SESSION_ENDED, reason));
        contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
    }

    private void replace(FlowmeterPrincipal principal, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.authorities()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
