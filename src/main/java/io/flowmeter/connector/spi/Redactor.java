package io.flowmeter.connector.spi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes the secret values a step or poll used from what it produced, before anything is stored, logged or
 * shown: a service that echoes request headers (on success or in an error) would otherwise put the token into step
 * outputs, errors, logs and poll state. Each value is replaced in its raw form and in the encodings it travels in
 * (Basic's base64 of {@code user:password}, base64 and URL encoding, JSON string escaping), by
 * {@code [redacted:<connection name>]}, and so is the start of one (8 characters or more) where a message was
 * clipped ({@code …} or the end of the text). Values shorter than {@value #MIN_LENGTH} characters are left alone:
 * they would blank out ordinary words and cannot be told apart from them anyway.
 */
public final class Redactor {

    static final int MIN_LENGTH = 4;
    /** How much of a secret's start, left at a clipped end, is taken for the secret. */
    static final int CLIPPED_PREFIX = 8;
    /** Fields of a connection's secret that say how to use it, not what it is. */
    private static final Set<String> NOT_SECRET = Set.of("username", "headerName", "host", "port", "security", "from",
            "expiresAt", "tokenType", "scope");
    private static final Redactor NONE = new Redactor(List.of());

    private record Needle(String text, String marker) {
    }

    private final List<Needle> needles;

    private Redactor(List<Needle> needles) {
        this.needles = needles;
    }

    public static Redactor none() {
        return NONE;
    }

    /** This redactor and the values of {@code credentials} too (a step that refreshed its token used both). */
    public Redactor and(Credentials credentials) {
        String marker = "[redacted:" + credentials.label() + "]";
        List<Needle> all = new ArrayList<>(needles);
        Map<String, String> values = credentials.values();
        values.forEach((key, value) -> {
            if (!NOT_SECRET.contains(key) && value != null && value.length() >= MIN_LENGTH) {
                for (String form : forms(value)) {
                    all.add(new Needle(form, marker));
                }
            }
        });
        String user = values.get("username");
        String password = values.get("password");
        if (user != null && password != null) {
            all.add(new Needle(base64(user + ":" + password), marker));
        }
        // longer first, so that an encoding containing another value is replaced whole
        all.sort(Comparator.comparingInt((Needle n) -> n.text().length()).reversed());
        return new Redactor(List.copyOf(all.stream().distinct().toList()));
    }

    public boolean isEmpty() {
        return needles.isEmpty();
    }

    public String redact(String text) {
        String result = text;
        for (Needle needle : needles) {
            if (result.contains(needle.text())) {
                result = result.replace(needle.text(), needle.marker());
            }
        }
        return needles.isEmpty() ? result : redactClippedTails(result);
    }

    /** Text clipped for a message ("…", or its end) may hold the start of a secret; at least 8 characters of one go too. */
    private String redactClippedTails(String text) {
        String result = text;
        for (int cut = result.indexOf('…'); cut >= 0; cut = result.indexOf('…', cut + 1)) {
            result = redactPrefixEndingAt(result, cut);
            cut = Math.min(cut, result.length() - 1);
        }
        return redactPrefixEndingAt(result, result.length());
    }

    private String redactPrefixEndingAt(String text, int end) {
        for (Needle needle : needles) {
            for (int length = Math.min(needle.text().length() - 1, end); length >= CLIPPED_PREFIX; length--) {
                if (text.regionMatches(end - length, needle.text(), 0, length)) {
                    return text.substring(0, end - length) + needle.marker() + text.substring(end);
                }
            }
        }
        return text;
    }

    /** A JSON-like value (maps, lists, strings, numbers...) with every string and map key redacted. */
    public Object redactValue(Object value) {
        if (needles.isEmpty()) {
            return value;
        }
        if (value instanceof String text) {
            return redact(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k instanceof String key ? redact(key) : k, v == null ? null : redactValue(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(v == null ? null : redactValue(v)));
            return copy;
        }
        return value;
    }

    private static List<String> forms(String value) {
        List<String> forms = new ArrayList<>();
        forms.add(value);
        forms.add(base64(value));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
        forms.add(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/"));
        forms.add(value.replace("\\", "\\\\").replace("\"", "\\\""));
        return forms.stream().filter(f -> f.length() >= MIN_LENGTH).distinct().toList();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
