package io.flowmeter.connector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.connector.spi.OutputField;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * HTTP request. 5xx, 429 (honouring {@code Retry-After}), timeouts and I/O errors are retryable; other 4xx
 * are not. Every request carries the step attempt's {@code Idempotency-Key}. Connection credentials become
 * an {@code Authorization} header (bearer token or basic) or a custom header.
 */
@Component
public class HttpConnector implements Connector {

    static final int MAX_RESPONSE_BYTES = JsonApi.MAX_RESPONSE_BYTES;
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER) // Egress follows them, checking each target
            .build();

    @Override
    public String key() {
        return "http";
    }

    @Override
    public String displayName() {
        return "HTTP";
    }

    @Override
    public String icon() {
        return "vaadin:globe";
    }

    @Override
    public String description() {
        return "Any HTTP API";
    }

    @Override
    public List<ActionDefinition> actions() {
        return List.of(new ActionDefinition("request", "HTTP request", "Calls any HTTP API", List.of(
                ParamSpec.select("method", false, "HTTP method", "GET", METHODS),
                ParamSpec.required("url", ParamType.STRING, "http:// or https:// URL"),
                ParamSpec.optional("headers", ParamType.KEY_VALUE, "Request headers", Map.of()),
                ParamSpec.optional("query", ParamType.KEY_VALUE, "Query parameters, added to the URL", Map.of()),
                ParamSpec.optional("body", ParamType.JSON, "Request body", null),
                ParamSpec.select("bodyType", false, "How the body is sent", "json", List.of("json", "form", "raw")),
                ParamSpec.optional("timeoutMs", ParamType.NUMBER, "Per-request timeout in milliseconds", 30_000)), false)
                .withHelp("Calls any HTTP API, with the connection's bearer token, basic login or header, and sends the step "
                        + "attempt's Idempotency-Key. 5xx, 429 (honouring Retry-After), timeouts and network errors are retried; "
                        + "other 4xx fail at once, and answers over 5 MB are refused.")
                .withAuthKinds("none", "bearer", "oauth2", "basic", "api_key", "header")
                .withExample(Map.of("method", "GET", "url", "https://shop.example.com/api/orders/A-1001",
                        "headers", Map.of("Accept", "application/json"), "timeoutMs", 10_000))
                .withOutputs(OutputField.number("status", "The HTTP status, below 400"),
                        OutputField.object("headers", "Response headers by name, repeated ones joined with \", \""),
                        OutputField.any("body", "Parsed JSON when the answer is JSON, otherwise text; null when empty"))
                .withSample(Map.of("status", 200, "headers", Map.of("content-type", "application/json", "date", "Sat, 31 Jan 2026 09:00:00 GMT"),
                        "body", Map.of("id", "A-1001", "total", 120, "currency", "EUR", "status", "paid"))));
    }

    @Override
    public List<io.flowmeter.connector.spi.PollDefinition> pollers() {
        return List.of(new io.flowmeter.connector.spi.PollDefinition("jsonList", "New items in a JSON list", "GETs a URL that "
                + "answers a JSON list (or an object holding one) and starts a run for each item with an id not seen before", List.of(
                ParamSpec.required("url", ParamType.STRING, "http:// or https:// URL"),
                ParamSpec.optional("itemsPath", ParamType.STRING, "Where the list is, e.g. data.items (empty: the answer itself)", ""),
                ParamSpec.optional("idField", ParamType.STRING, "The field that identifies an item", "id"))));
    }

    @Override
    public io.flowmeter.connector.spi.PollResult poll(String poller, Map<String, Object> params, @Nullable Credentials credentials,
                                                      @Nullable String cursor, Duration timeout) throws ActionException {
        if (!poller.equals("jsonList")) {
            throw ActionException.permanent("Unknown poller http." + poller);
        }
        URI uri = uri(String.valueOf(params.getOrDefault("url", "")), null);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        authorize(builder, credentials);
        Map<String, String> headers = new LinkedHashMap<>();
        builder.build().headers().map().forEach((k, v) -> headers.put(k, String.join(", ", v)));
        Object answer = JsonApi.send(uri.getHost(), "GET", uri, headers, null, false, timeout).body();
        String path = String.valueOf(params.getOrDefault("itemsPath", ""));
        for (String part : path.isBlank() ? new String[0] : path.split("\\.")) {
            answer = answer instanceof Map<?, ?> map ? map.get(part) : null;
        }
        if (!(answer instanceof List<?> list)) {
            throw ActionException.permanent("No JSON list at '" + (path.isBlank() ? "(the answer)" : path) + "'");
        }
        String idField = String.valueOf(params.getOrDefault("idField", "id"));
        List<io.flowmeter.connector.spi.PollResult.Item> items = new java.util.ArrayList<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> map && map.get(idField) != null) {
                items.add(new io.flowmeter.connector.spi.PollResult.Item(String.valueOf(map.get(idField)), map));
            }
        }
        return new io.flowmeter.connector.spi.PollResult(items, null);
    }

    @Override
    public ActionResult execute(String action, ActionRequest request) throws ActionException {
        if (!"request".equals(action)) {
            throw ActionException.permanent("Unknown action http." + action);
        }
        String method = request.string("method", "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw ActionException.permanent("Unsupported HTTP method " + method);
        }
        URI uri = uri(request.string("url", ""), request.param("query"));
        Duration timeout = timeout(request);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Idempotency-Key", request.idempotencyKey())
                .header("User-Agent", "Flowmeter/0.1");
        Object headers = request.param("headers");
        if (headers instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (k != null && v != null) {
                    builder.header(k.toString(), v.toString());
                }
            });
        }
        authorize(builder, request.credentials());
        builder.method(method, body(builder, request.param("body"), request.string("bodyType", "json"), method));

        request.logger().info(method + " " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath());
        HttpResponse<InputStream> response;
        try {
            response = Egress.current().send(client, builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw ActionException.retryable("No response from " + uri.getHost() + " within " + timeout.toMillis() + " ms", null, e);
        } catch (IOException e) {
            throw ActionException.retryable("Could not reach " + uri.getHost() + ": " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ActionException.retryable("Interrupted while calling " + uri.getHost(), null, e);
        }
        Object responseBody = JsonApi.readBody(response);
        int status = response.statusCode();
        if (status == 429) {
            throw ActionException.rateLimited("HTTP 429 from " + uri.getHost() + summary(responseBody),
                    JsonApi.retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        }
        if (status >= 500) {
            throw ActionException.retryable("HTTP " + status + " from " + uri.getHost() + summary(responseBody),
                    JsonApi.retryAfter(response.headers().firstValue("Retry-After").orElse(null)), null);
        }
        if (status == 401) {
            throw ActionException.unauthorized("HTTP 401 from " + uri.getHost() + summary(responseBody));
        }
        if (status >= 400) {
            throw ActionException.permanent("HTTP " + status + " from " + uri.getHost() + summary(responseBody));
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("status", status);
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> responseHeaders.put(k, String.join(", ", v)));
        output.put("headers", responseHeaders);
        output.put("body", responseBody);
        return ActionResult.completed(output);
    }

    private static URI uri(String url, @Nullable Object query) throws ActionException {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw ActionException.permanent("Not a valid URL: " + url);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw ActionException.permanent("The URL must start with http:// or https:// and name a host: " + url);
        }
        if (query instanceof Map<?, ?> map && !map.isEmpty()) {
            var joiner = new StringJoiner("&");
            map.forEach((k, v) -> joiner.add(URLEncoder.encode(String.valueOf(k), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(v == null ? "" : String.valueOf(v), StandardCharsets.UTF_8)));
            String separator = uri.getRawQuery() == null ? "?" : "&";
            uri = URI.create(uri + separator + joiner);
        }
        return uri;
    }

    private static Duration timeout(ActionRequest request) throws ActionException {
        Object value = request.param("timeoutMs");
        long millis = request.timeout().toMillis();
        if (value != null && !value.toString().isBlank()) {
            try {
                millis = Math.min(millis, (long) Double.parseDouble(value.toString()));
            } catch (NumberFormatException e) {
                throw ActionException.permanent("'timeoutMs' must be a number of milliseconds");
            }
        }
        if (millis <= 0) {
            throw ActionException.permanent("'timeoutMs' must be positive");
        }
        return Duration.ofMillis(millis);
    }

    /** Adds a connection's credentials to a request: bearer token, basic auth or a custom header. */
    public static void authorize(HttpRequest.Builder builder, @Nullable Credentials credentials) {
        if (credentials == null) {
            return;
        }
        credentials.get("token").or(() -> credentials.get("accessToken"))
                .ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        credentials.get("username").ifPresent(user -> builder.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + credentials.get("password").orElse("")).getBytes(StandardCharsets.UTF_8))));
        credentials.get("headerName").ifPresent(name -> builder.header(name, credentials.get("headerValue").orElse("")));
    }

    private static HttpRequest.BodyPublisher body(HttpRequest.Builder builder, @Nullable Object body, String bodyType,
                                                  String method) throws ActionException {
        if (body == null || method.equals("GET") || method.equals("HEAD")) {
            return HttpRequest.BodyPublishers.noBody();
        }
        switch (bodyType) {
            case "form" -> {
                builder.setHeader("Content-Type", "application/x-www-form-urlencoded");
                return HttpRequest.BodyPublishers.ofString(JsonApi.formEncode(body));
            }
            case "raw" -> {
                return HttpRequest.BodyPublishers.ofString(String.valueOf(body));
            }
            default -> {
                builder.setHeader("Content-Type", "application/json");
                try {
                    return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
                } catch (JsonProcessingException e) {
                    throw ActionException.permanent("The body cannot be written as JSON: " + e.getOriginalMessage());
                }
            }
        }
    }

    private static String summary(@Nullable Object body) {
        if (body == null) {
            return "";
        }
        String text = body instanceof String str ? str : body.toString();
        return ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }
}
