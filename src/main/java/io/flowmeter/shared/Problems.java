package io.flowmeter.shared;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.io.IOException;
import java.net.URI;

/**
 * The REST API's one error shape, RFC 7807 problem details with a stable {@code type} URI; {@link #write}
 * serves filters, where Spring MVC's exception handling does not reach.
 */
public final class Problems {

    // Spring's builder registers the mix-in that renders ProblemDetail as RFC 7807 JSON
    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://flowmeter.io/problems/" + type));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    /** The database cannot be reached: a condition of the server, so the client is told when to try again. */
    public static ProblemDetail databaseUnavailable() {
        return of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "The database cannot be reached at the moment; retry in a few seconds");
    }

    public static void writeDatabaseUnavailable(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()));
        write(response, HttpStatus.SERVICE_UNAVAILABLE, databaseUnavailable());
    }

    public static void write(HttpServletResponse response, HttpStatus status, String type, String detail) throws IOException {
        write(response, status, of(status, type, detail));
    }

    private static void write(HttpServletResponse response, HttpStatus status, ProblemDetail problem) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"flowmeter\"");
        }
        JSON.writeValue(response.getOutputStream(), problem);
    }
}
