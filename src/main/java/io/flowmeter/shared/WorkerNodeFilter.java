package io.flowmeter.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * A node without the {@code web} role (see {@link NodeRoles}) serves health and metrics ({@code /actuator/**}) for its
 * probes and scrapes, and nothing else: every other request, UI, API or webhook, is a 404 problem saying so, before
 * security or Vaadin see it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class WorkerNodeFilter extends OncePerRequestFilter {

    private final NodeRoles roles;

    WorkerNodeFilter(NodeRoles roles) {
        this.roles = roles;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (roles.web()) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/actuator") || path.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Problems.write(response, HttpStatus.NOT_FOUND, "not-found",
                "This node is a worker (FLOWMETER_ROLES=" + roles + "): it runs steps and serves only health and metrics; "
                        + "use a web node for the UI, the API and webhooks");
    }
}
