package io.flowmeter.identity.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/**
 * Refuses a sign-in form posted from another site (login CSRF: a page elsewhere signing the victim into the
 * attacker's account, whose activity the attacker then watches). Vaadin exempts its login form from Spring's CSRF
 * tokens (the form posts natively, without one), so the check is the one browsers make possible without a token:
 * they send {@code Origin} with every form POST, and a cross-site one names the other site. A POST without either
 * header is not a browser's and passes.
 */
final class SameOriginLoginFilter extends OncePerRequestFilter {

    private final String loginPath;
    private final @Nullable String publicOrigin;

    SameOriginLoginFilter(String loginPath, String baseUrl) {
        this.loginPath = loginPath;
        this.publicOrigin = origin(baseUrl);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !request.getRequestURI().equals(request.getContextPath() + loginPath);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String claimed = request.getHeader("Origin");
        if (claimed == null && request.getHeader("Referer") != null) {
            claimed = origin(request.getHeader("Referer"));
            if (claimed == null) {
                claimed = "null";
            }
        }
        if (claimed != null && !sameOrigin(claimed.toLowerCase(Locale.ROOT), request)) {
            // written here: an error dispatch would end on the sign-in page with a redirect, looking like a normal refusal
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Sign in from Flowmeter's own sign-in page.");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean sameOrigin(String claimed, HttpServletRequest request) {
        String own = origin(request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort());
        return claimed.equals(own) || claimed.equals(publicOrigin);
    }

    /** scheme://host[:port], the port left out when it is the scheme's default, as browsers write Origin. */
    static @Nullable String origin(String url) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
