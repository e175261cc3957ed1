package io.flowmeter.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Machine clients of {@code /api/**} and {@code /hooks/**} get 503 problem+json with {@code Retry-After} while the
 * database cannot be reached, never a redirect to the sign-in page (which a client following redirects would take
 * for success). It sits in front of Spring Security, so it also covers the API-key lookup; while the probe knows
 * the database is down it answers at once, instead of holding the request (and a webhook's body) for a
 * connection timeout.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER - 1)
class DatabaseOutageFilter extends OncePerRequestFilter {

    private final DatabaseAvailability database;

    DatabaseOutageFilter(DatabaseAvailability database) {
        this.database = database;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/api/") || path.startsWith("/hooks/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!database.isReachable()) {
            Problems.writeDatabaseUnavailable(response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (response.isCommitted() || !DatabaseOutage.isCauseOf(e)) {
                throw e;
            }
            response.reset();
            Problems.writeDatabaseUnavailable(response);
        }
    }
}
