package io.flowmeter.shared;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
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

    public static void write(HttpServletResponse response, HttpStatus status, String type, String detail) throws IOException {
        ProblemDetail problem = of(status, type, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"flowmeter\"");
        }
        JSON.writeValue(response.getOutputStream(), problem);
    }
}
