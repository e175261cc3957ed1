package io.flowmeter.connector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.connector.spi.ActionException;
import org.jspecify.annotations.Nullable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What every connector that calls a JSON API needs: send a request with a timeout, read at most 5 MB, and turn
 * the answer into an output or an {@link ActionException} the engine understands: network failures, 429 (honouring
 * {@code Retry-After}) and 5xx are retryable, 401 is "unauthorized" (an OAuth2 token gets refreshed once), other
 * 4xx fail at once with the provider's own message.
 */
public final class JsonApi {

    public static final int MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER) // Egress follows them, checking each target
            .build();

    /** A 2xx answer. */
    public record Response(int status, Map<String, String> headers, @Nullable Object body) {

        /** The body as a JSON object (empty when it is not one). */
        @SuppressWarnings("unchecked")
        public Map<String, Object> object() {
            return body instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        }
    }

    private JsonApi() {
    }

    /**
     * Sends {@code body} (JSON when a map or list, form-encoded when {@code form}) and returns the 2xx answer.
     *
     * @param service the service's name, for messages ("Slack", "GitHub")
     */
    public static Response send(String service, String method, URI uri, Map<String, String> headers, @Nullable Object body,
                                boolean form, Duration timeout) throws ActionException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "Flowmeter/0.1")
                .header("Accept", "application/json");
        headers.forEach(builder::setHeader);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else if (form) {
            builder.header("Content-Type", "application/x-www-form-urlencoded");
            builder.method(method, HttpRequest.BodyPublishers.ofString(formEncode(body)));
        } else {
            builder.header("Content-Type", "application/json");
            try {
                builder.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } catch (JsonProcessingException e) {
                throw ActionException.permanent("The request cannot be written as JSON: " + e.getOriginalMessage());
            }
        }
        HttpResponse<InputStream> response;
        try {
            response = Egress.current().send(CLIENT, builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw ActionException.retryable(service + " did not answer within " + timeout.toMillis() + " ms", null, e);
        } catch (IOException e) {
            throw ActionException.retryable("Could not reach " + service + ": " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ActionException.retryable("Interrupted while calling " + service, null, e);
        }
        Object answer = readBody(response);
        int status = response.statusCode();
        Duration wait = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
        if (status == 429) {
            throw ActionException.rateLimited(service + " answered HTTP 429 (too many requests)" + providerMessage(answer), wait);
        }
        if (status >= 500) {
            throw ActionException.retryable(service + " answered HTTP " + status + providerMessage(answer), wait, null);
        }
        if (status == 401) {
            throw ActionException.unauthorized(service + " rejected the credentials (HTTP 401)" + providerMessage(answer));
        }
        if (status >= 400) {
            throw ActionException.permanent(service + " refused the request (HTTP " + status + ")" + providerMessage(answer));
        }
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> responseHeaders.put(k, String.join(", ", v)));
        return new Response(status, responseHeaders, answer);
    }

    /** The provider's own explanation from a JSON error body ({@code message}, {@code error}, {@code error.message}). */
    public static String providerMessage(@Nullable Object body) {
        if (body instanceof Map<?, ?> map) {
            Object error = map.get("error");
            if (error instanceof Map<?, ?> nested && nested.get("message") != null) {
                return ": " + clip(String.valueOf(nested.get("message")));
            }
            if (map.get("message") != null) {
                return ": " + clip(String.valueOf(map.get("message")));
            }
            if (error != null) {
                return ": " + clip(String.valueOf(error));
            }
        }
        if (body == null) {
            return "";
        }
        return ": " + clip(String.valueOf(body));
    }

    private static String clip(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    static String formEncode(Object body) throws ActionException {
        if (!(body instanceof Map<?, ?> map)) {
            throw ActionException.permanent("A form body must be an object of fields");
        }
        var joiner = new StringJoiner("&");
        map.forEach((k, v) -> joiner.add(URLEncoder.encode(String.valueOf(k), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : String.valueOf(v), StandardCharsets.UTF_8)));
        return joiner.toString();
    }

    /** Reads at most {@link #MAX_RESPONSE_BYTES}; JSON is parsed, anything else kept as text. */
    static @Nullable Object readBody(HttpResponse<InputStream> response) throws ActionException {
        byte[] bytes;
        try (InputStream in = response.body()) {
            var out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                if (out.size() > MAX_RESPONSE_BYTES) {
                    throw ActionException.permanent("The response is larger than " + MAX_RESPONSE_BYTES / 1024 / 1024 + " MB");
                }
            }
            bytes = out.toByteArray();
        } catch (IOException e) {
            throw ActionException.retryable("The response could not be read: " + e.getMessage(), null, e);
        }
        if (bytes.length == 0) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json")) {
            try {
                return JSON.readValue(text, Object.class);
            } catch (JsonProcessingException e) {
                return text;
            }
        }
        return text;
    }

    /** Retry-After is either seconds or an HTTP date. */
    static @Nullable Duration retryAfter(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
