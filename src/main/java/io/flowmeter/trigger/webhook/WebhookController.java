package io.flowmeter.trigger.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Receives webhooks at {@code /hooks/{token}}. Answers 202 with the run id once the run is committed ("accept"),
 * or the chosen step's output when it finishes in time ("wait"); refusals are RFC 7807 problems: 404 unknown
 * token, 405 method, 409 not published / not a webhook trigger, 413 body too large, 400 malformed JSON, 401 bad
 * signature or replay, 403 organization suspended, 429 over a rate limit (with {@code Retry-After}). A refused request starts no run.
 */
@RestController
class WebhookController {

    /** Headers that may carry credentials of the sender: never exposed to templates or stored in runs. */
    private static final Set<String> HIDDEN_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

    private final WebhookService webhooks;
    private final RunService runs;
    private final RunWaiters waiters;
    private final ObjectMapper json;

    WebhookController(WebhookService webhooks, RunService runs, RunWaiters waiters, ObjectMapper json) {
        this.webhooks = webhooks;
        this.runs = runs;
        this.waiters = waiters;
        this.json = json;
    }

    @RequestMapping("/hooks/{token}")
    ResponseEntity<Object> receive(@PathVariable String token, HttpServletRequest request) throws IOException {
        var target = webhooks.resolve(token).orElse(null);
        if (target == null) {
            return problem(HttpStatus.NOT_FOUND, "not-found", "No webhook at this address (unknown or regenerated)", null);
        }
        try {
            return TenantContext.callAsTenant(target.tenantId(), () -> {
                try {
                    return handle(target, request);
                } catch (IOException e) {
                    throw new WebhookService.Refused(400, "The request body could not be read", null);
                }
            });
        } catch (WebhookService.Refused refused) {
            HttpStatus status = HttpStatus.valueOf(refused.status());
            String type = switch (refused.status()) {
                case 401 -> "invalid-signature";
                case 403 -> "tenant-suspended";
                case 404 -> "not-found";
                case 405 -> "method-not-allowed";
                case 409 -> "conflict";
                case 413 -> "payload-too-large";
                case 429 -> "rate-limited";
                default -> "invalid-input";
            };
            return problem(status, type, refused.getMessage(), refused.retryAfter() == null ? null
                    : String.valueOf(Math.max(1, (refused.retryAfter().toMillis() + 999) / 1000)));
        } catch (InvalidInputException e) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", e.getMessage(), null);
        } catch (io.flowmeter.shared.ConflictException e) {
            return problem(HttpStatus.CONFLICT, "conflict", e.getMessage(), null);
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
        Map<String, String> headers = headers(request);
        var verified = webhooks.verify(settings, headers, body);

        Map<String, Object> input = new LinkedHashMap<>();
        input.put("method", method);
        input.put("query", query(request.getQueryString()));
        Map<String, String> visible = new LinkedHashMap<>(headers);
        HIDDEN_HEADERS.forEach(visible::remove);
        input.put("headers", visible);
        MediaType type = mediaType(request.getContentType());
        boolean binary = !textual(type);
        input.put("body", binary ? (body.length == 0 ? null : java.util.Base64.getEncoder().encodeToString(body)) : body(type, body));
        if (binary && body.length > 0) {
            input.put("bodyEncoding", "base64");
        }

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

    /** 405 names the allowed methods. */
    private static final class MethodRefused extends WebhookService.Refused {
        MethodRefused(List<String> allowed) {
            super(405, "This webhook accepts " + String.join(", ", allowed), null);
        }
    }

    private static byte[] read(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new WebhookService.Refused(413, "The body is larger than " + max + " bytes", null);
        }
        return bytes;
    }

    private static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.putIfAbsent(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        return headers;
    }

    private static Map<String, Object> query(String queryString) {
        return form(queryString == null ? "" : queryString, StandardCharsets.UTF_8);
    }

    /** Repeated names become lists. */
    private static Map<String, Object> form(String encoded, Charset charset) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
            } catch (IllegalArgumentException e) {
                throw new WebhookService.Refused(400, "Malformed URL-encoded data", null);
            }
            values.merge(name, value, (a, b) -> {
                @SuppressWarnings("unchecked")
                List<Object> list = a instanceof List<?> l ? (List<Object>) l : new ArrayList<>(List.of(a));
                list.add(b);
                return list;
            });
        }
        return values;
    }

    private static MediaType mediaType(String contentType) {
        try {
            return contentType == null ? MediaType.TEXT_PLAIN : MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            return MediaType.TEXT_PLAIN;
        }
    }

    /** JSON, forms, text and XML are kept as such; anything else (images, PDFs) is base64. */
    private static boolean textual(MediaType type) {
        return type.getType().equals("text") || type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")
                || type.getSubtype().equals("xml") || type.getSubtype().endsWith("+xml")
                || type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED);
    }

    private Object body(MediaType type, byte[] body) {
        if (body.length == 0) {
            return null;
        }
        Charset charset = type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        if (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")) {
            try {
                return json.readValue(body, Object.class);
            } catch (JsonProcessingException e) {
                throw new WebhookService.Refused(400, "Malformed JSON: " + e.getOriginalMessage(), null);
            } catch (IOException e) {
                throw new WebhookService.Refused(400, "Malformed JSON", null);
            }
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            return form(new String(body, charset), charset);
        }
        return new String(body, charset);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String type, String detail, String retryAfter) {
        var builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        if (status == HttpStatus.METHOD_NOT_ALLOWED) {
            builder.header(HttpHeaders.ALLOW, detail.substring(detail.lastIndexOf("accepts ") + "accepts ".length()));
        }
        return builder.body(Problems.of(status, type, detail));
    }
}
