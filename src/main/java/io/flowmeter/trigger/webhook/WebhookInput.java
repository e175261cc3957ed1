package io.flowmeter.trigger.webhook;

import io.flowmeter.shared.json.StrictJson;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a webhook request into its run's input, {@code {method, query, headers, body}}, and refuses with 400 what
 * could not be stored: JSON that is malformed or that {@link StrictJson} refuses (trailing content, nesting over
 * {@value StrictJson#MAX_DEPTH} levels, numbers beyond a double, {@code \u0000}), and NUL characters anywhere else
 * that is kept as text (the query, a header, a text, XML or form body). PostgreSQL stores NUL neither in text nor in
 * jsonb, so such a request would be answered 2xx and then fail to become its run. Binary bodies are kept as base64
 * and may hold any byte.
 */
@Component
class WebhookInput {

    /** Headers that may carry credentials of the sender: never exposed to templates or stored in runs. */
    private static final Set<String> HIDDEN_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

    private final StrictJson json;

    WebhookInput(StrictJson json) {
        this.json = json;
    }

    /** The request's headers, names lower-cased, first value each (signatures are checked against these). */
    static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            String value = request.getHeader(name);
            requireNoNul(name + value, "a header");
            headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        }
        return headers;
    }

    /** The run's input; {@code headers} as read by {@link #headers}. */
    Map<String, Object> of(String method, @Nullable String queryString, Map<String, String> headers, @Nullable String contentType,
                           byte[] body) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("method", method);
        input.put("query", form(queryString == null ? "" : queryString, StandardCharsets.UTF_8, "the query"));
        Map<String, String> visible = new LinkedHashMap<>(headers);
        HIDDEN_HEADERS.forEach(visible::remove);
        input.put("headers", visible);
        MediaType type = mediaType(contentType);
        if (textual(type)) {
            input.put("body", body(type, body));
        } else if (body.length > 0) {
            input.put("body", Base64.getEncoder().encodeToString(body));
            input.put("bodyEncoding", "base64");
        } else {
            input.put("body", null);
        }
        return input;
    }

    private @Nullable Object body(MediaType type, byte[] body) {
        if (body.length == 0) {
            return null;
        }
        if (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")) {
            try {
                return json.read(body);
            } catch (IOException e) {
                throw new WebhookService.Refused(400, StrictJson.describe(e), null);
            }
        }
        Charset charset = type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        String text = new String(body, charset);
        if (type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            return form(text, charset, "the body");
        }
        requireNoNul(text, "the body");
        return text;
    }

    /** Repeated names become lists. */
    private static Map<String, Object> form(String encoded, Charset charset, String where) {
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
                throw new WebhookService.Refused(400, "Malformed URL-encoded data in " + where, null);
            }
            // after decoding: %00 is the usual way to send one
            requireNoNul(name + value, where);
            values.merge(name, value, (a, b) -> {
                @SuppressWarnings("unchecked")
                List<Object> list = a instanceof List<?> l ? (List<Object>) l : new ArrayList<>(List.of(a));
                list.add(b);
                return list;
            });
        }
        return values;
    }

    private static void requireNoNul(String text, String where) {
        if (text.indexOf('\u0000') >= 0) {
            throw new WebhookService.Refused(400, "NUL characters (\\u0000) are not accepted in " + where, null);
        }
    }

    private static MediaType mediaType(@Nullable String contentType) {
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
}
