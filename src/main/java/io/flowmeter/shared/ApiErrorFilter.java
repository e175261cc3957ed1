package io.flowmeter.shared;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;

/**
 * The REST API and webhooks answer every failure with a problem, never with the app. Without this, an exception
 * that escapes a controller or a filter, or a {@code sendError} from the container or Spring, is forwarded to
 * {@code /error}, which belongs to the Vaadin app: the client got {@code 302 → /login} (and then an HTML page with
 * 200), so a POST that did nothing looked like success. Runs before Spring Security, so it covers its filters too.
 */
final class ApiErrorFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorFilter.class);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = request.getDispatcherType() == DispatcherType.ERROR && original != null ? original.toString() : request.getRequestURI();
        String path = uri.substring(Math.min(uri.length(), request.getContextPath().length()));
        return !(path.startsWith("/api/") || path.equals("/api") || path.startsWith("/hooks/") || path.equals("/hooks"));
    }

    /** The container's own error dispatches (a broken chunked body, say) are answered here too. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            answerErrorDispatch(request, response);
            return;
        }
        String query = request.getQueryString();
        if (query != null && (query.contains("%00") || query.indexOf('\0') >= 0) && request.getRequestURI().contains("/api/")) {
            // PostgreSQL cannot store NUL; a parameter holding one is refused before it reaches a query
            Problems.write(response, HttpStatus.BAD_REQUEST, "invalid-input", "NUL characters (%00) are not accepted in parameters");
            return;
        }
        var problems = new ProblemResponse(response);
        try {
            chain.doFilter(request, problems);
        } catch (IOException | ServletException | RuntimeException e) {
            if (response.isCommitted()) {
                throw e;
            }
            Failure failure = Failure.of(e);
            if (failure.status().is5xxServerError()) {
                String reference = UUID.randomUUID().toString().substring(0, 8);
                log.error("{} {} failed (reference {})", request.getMethod(), request.getRequestURI(), reference, e);
                response.resetBuffer();
                if (failure.retryAfterSeconds() != null) {
                    response.setHeader("Retry-After", String.valueOf(failure.retryAfterSeconds()));
                }
                Problems.write(response, failure.status(), failure.type(), failure.detail() + " (reference " + reference + ")");
            } else {
                response.resetBuffer();
                Problems.write(response, failure.status(), failure.type(), failure.detail());
            }
        }
    }

    private static void answerErrorDispatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        if (exception instanceof Throwable failure && status.is5xxServerError()) {
            Failure classified = Failure.of(failure);
            log.error("{} failed", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), failure);
            if (classified.retryAfterSeconds() != null) {
                response.setHeader("Retry-After", String.valueOf(classified.retryAfterSeconds()));
            }
            Problems.write(response, classified.status(), classified.type(), classified.detail());
            return;
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        Problems.write(response, status, Failure.typeOf(status), message == null || message.toString().isBlank()
                ? (status == HttpStatus.BAD_REQUEST ? "The request could not be read" : status.getReasonPhrase()) : message.toString());
    }

    /** Turns {@code sendError} into a problem body instead of an error dispatch to the app. */
    private static final class ProblemResponse extends HttpServletResponseWrapper {

        ProblemResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (isCommitted()) {
                super.sendError(status, message);
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            HttpStatus resolved = known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known;
            resetBuffer();
            Problems.write((HttpServletResponse) getResponse(), resolved, Failure.typeOf(resolved),
                    message == null || message.isBlank() ? resolved.getReasonPhrase() : message);
        }
    }
}
