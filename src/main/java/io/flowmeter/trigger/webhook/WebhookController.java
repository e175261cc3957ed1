package io.flowmeter.trigger.webhook;

import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.Problems;
import io.flowmeter.tenancy.TenantContext;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Receives webhooks at {@code /hooks/{token}}. Answers 202 with the run id once the run is committed ("accept"),
 * or the chosen step's output when it finishes in time ("wait"); refusals are RFC 7807 problems: 404 unknown
 * token, 405 method, 409 not published / not a webhook trigger, 413 body too large, 400 malformed or unstorable
 * input, 401 bad signature or replay, 403 organization suspended, 429 over a rate limit (with {@code Retry-After}).
 * A refused request starts no run and stores nothing. OPTIONS names the trigger's methods.
 */
@RestController
class WebhookController {

    private final WebhookService webhooks;
    private final WebhookInput inputs;
    private final RunService runs;
    private final RunWaiters waiters;

    private final SampleListeners samples;
    private final WebhookMetrics metrics;

    WebhookController(WebhookService webhooks, WebhookInput inputs, RunService runs, RunWaiters waiters, SampleListeners samples,
                      WebhookMetrics metrics) {
        this.metrics = metrics;
        this.samples = samples;
        this.webhooks = webhooks;
        this.inputs = inputs;
        this.runs = runs;
        this.waiters = waiters;
    }

    @RequestMapping("/hooks/{token}")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202",
            description = "The request is stored and its run started (in wait mode: 200 with the chosen step's output)")
    ResponseEntity<Object> receive(@PathVariable String token, HttpServletRequest request) {
        ResponseEntity<Object> answer = forTarget(token, target -> {
            try {
                return handle(target, request);
            } catch (IOException e) {
                throw new WebhookService.Refused(400, "The request body could not be read", null);
            }
        });
        metrics.answered(answer.getStatusCode().value());
        return answer;
    }

    /* Spring would answer OPTIONS itself, naming every method, also those the trigger refuses */
    @RequestMapping(path = "/hooks/{token}", method = RequestMethod.OPTIONS)
    ResponseEntity<Object> options(@PathVariable String token) {
        return forTarget(token, target -> ResponseEntity.noContent()
                .header(HttpHeaders.ALLOW, allow(webhooks.settings(target).settings().methods())).build());
    }

    /**
     * A test request for the builder's "Listen for a test request": it becomes the workflow's sample input (shown in
     * the builder) and starts no run; 409 when nobody is listening. The workflow need not be published.
     */
    @RequestMapping(path = "/hooks/{token}/test")
    ResponseEntity<Object> test(@PathVariable String token, HttpServletRequest request) {
        return forTarget(token, target -> {
            if (!List.of("POST", "PUT", "PATCH", "GET").contains(request.getMethod().toUpperCase(Locale.ROOT))) {
                throw new MethodRefused(List.of("POST", "PUT", "PATCH", "GET"));
            }
            if (!target.tenantActive()) {
                throw new WebhookService.Refused(403, "This organization is suspended", null);
            }
            if (!samples.listening(target.workflowId())) {
                return problem(HttpStatus.CONFLICT, "conflict", "Nobody is listening: press \"Listen for a test request\" on the "
                        + "workflow's trigger in the builder, then send the request again", HttpHeaders.EMPTY);
            }
            try {
                byte[] body = read(request.getInputStream(), TEST_BODY_LIMIT);
                Map<String, Object> input = inputs.of(request.getMethod().toUpperCase(Locale.ROOT), request.getQueryString(),
                        WebhookInput.headers(request), request.getContentType(), body);
                if (!samples.capture(target.workflowId(), input)) {
                    return problem(HttpStatus.CONFLICT, "conflict", "The builder stopped listening; press \"Listen for a test request\" again",
                            HttpHeaders.EMPTY);
                }
            } catch (IOException e) {
                throw new WebhookService.Refused(400, "The request body could not be read", null);
            }
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of("captured", true,
                    "message", "This request is the workflow's sample input now; no run was started"));
        });
    }

    private static final int TEST_BODY_LIMIT = 1_000_000;

    /* without this, /hooks/ and deeper paths would get the application's page */
    @io.swagger.v3.oas.annotations.Hidden
    @RequestMapping("/hooks/**")
    ResponseEntity<Object> noToken() {
        return notFound();
    }

    private ResponseEntity<Object> forTarget(String token, Function<WebhookService.Target, ResponseEntity<Object>> work) {
        var target = webhooks.resolve(token).orElse(null);
        if (target == null) {
            return notFound();
        }
        try {
            return TenantContext.callAsTenant(target.tenantId(), () -> work.apply(target));
        } catch (MethodRefused refused) {
            HttpHeaders allow = new HttpHeaders();
            allow.set(HttpHeaders.ALLOW, refused.allow);
            return problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", refused.getMessage(), allow);
        } catch (WebhookService.Refused refused) {
            HttpStatus status = HttpStatus.valueOf(refused.status());
            String type = switch (refused.status()) {
                case 401 -> "invalid-signature";
                case 403 -> "tenant-suspended";
                case 404 -> "not-found";
                case 409 -> "conflict";
                case 413 -> "payload-too-large";
                case 429 -> "rate-limited";
                case 503 -> "unavailable";
                default -> "invalid-input";
            };
            HttpHeaders retry = new HttpHeaders();
            if (refused.retryAfter() != null) {
                retry.set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, (refused.retryAfter().toMillis() + 999) / 1000)));
            }
            return problem(status, type, refused.getMessage(), retry);
        } catch (InvalidInputException e) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", e.getMessage(), HttpHeaders.EMPTY);
        } catch (io.flowmeter.shared.ConflictException e) {
            return problem(HttpStatus.CONFLICT, "conflict", e.getMessage(), HttpHeaders.EMPTY);
        }
    }

    private ResponseEntity<Object> handle(WebhookService.Target target, HttpServletRequest request) throws IOException {
        var published = webhooks.settings(target);
        var settings = published.settings();
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (!settings.methods().contains(method)) {
            throw new MethodRefused(settings.methods());
        }
        webhooks.admit(target, settings);
        if (request.getContentLengthLong() > settings.maxBodyBytes()) {
            throw new WebhookService.Refused(413, "The body is larger than " + settings.maxBodyBytes() + " bytes", null);
        }
        byte[] body = read(request.getInputStream(), settings.maxBodyBytes());
        Map<String, String> headers = WebhookInput.headers(request);
        var verified = webhooks.verify(settings, headers, body);
        Map<String, Object> input = inputs.of(method, request.getQueryString(), headers, request.getContentType(), body);

        UUID runId = UUID.randomUUID();
        boolean wait = settings.waitForResponse() && settings.responseStep() != null && !published.paused();
        var done = wait ? waiters.register(runId, settings.responseStep()) : null;
        try {
            webhooks.start(target, published.version(), verified.messageId(), input, runId, wait, published.paused());
        } catch (RuntimeException e) {
            waiters.forget(runId);
            throw e;
        }
        if (wait && waiters.await(runId, done, settings.waitTimeout())) {
            var outcome = runs.outcome(runId, settings.responseStep()).orElse(null);
            if (outcome != null && outcome.stepStatus() == StepStatus.SUCCEEDED) {
                return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header("X-Flowmeter-Run", runId.toString())
                        .body(outcome.stepOutput() == null ? Map.of() : outcome.stepOutput());
            }
        }
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("runId", runId);
        accepted.put("status", published.paused() ? "queued until the workflow is resumed" : "accepted");
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON)
                .header("X-Flowmeter-Run", runId.toString()).body(accepted);
    }

    /** The trigger's methods and OPTIONS, which Flowmeter answers itself. */
    private static String allow(List<String> methods) {
        Set<String> allowed = new LinkedHashSet<>(methods);
        allowed.add("OPTIONS");
        return String.join(", ", allowed);
    }

    /** 405 names the allowed methods. */
    private static final class MethodRefused extends WebhookService.Refused {
        private final String allow;

        MethodRefused(List<String> allowed) {
            super(405, "This webhook accepts " + String.join(", ", allowed), null);
            this.allow = allow(allowed);
        }
    }

    private static byte[] read(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new WebhookService.Refused(413, "The body is larger than " + max + " bytes", null);
        }
        return bytes;
    }

    private static ResponseEntity<Object> notFound() {
        return problem(HttpStatus.NOT_FOUND, "not-found", "No webhook at this address (unknown or regenerated)", HttpHeaders.EMPTY);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String type, String detail, HttpHeaders headers) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).headers(headers)
                .body(Problems.of(status, type, detail));
    }
}
