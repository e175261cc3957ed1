package io.flowmeter.shared.json;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a value from outside (a remote answer, a polled item) storable: PostgreSQL refuses NUL characters in
 * {@code jsonb} and {@code text}, so each is replaced by U+FFFD, in strings and map keys alike; a value nested more
 * than {@value StrictJson#MAX_DEPTH} levels deep could be stored but not written back, so it is refused.
 */
public final class Storable {

    public static final char REPLACEMENT = '\uFFFD';

    /** The storable value, and how many NULs were replaced to get it. */
    public record Cleaned(@Nullable Object value, int replaced) {
    }

    /** The value is nested more deeply than can be written back. */
    public static final class TooDeep extends Exception {
        TooDeep() {
            super("nested more than " + StrictJson.MAX_DEPTH + " levels deep", null, false, false);
        }
    }

    private int replaced;

    private Storable() {
    }

    public static Cleaned clean(@Nullable Object value) throws TooDeep {
        if (!holdsNul(value, 0)) {
            return new Cleaned(value, 0); // the usual case, on every step: checked without copying anything
        }
        Storable walk = new Storable();
        Object result = walk.walk(value, 0);
        return new Cleaned(result, walk.replaced);
    }

    /** Whether a NUL is anywhere in the value; refuses one nested too deeply. */
    private static boolean holdsNul(@Nullable Object value, int depth) throws TooDeep {
        if (depth > StrictJson.MAX_DEPTH) {
            throw new TooDeep();
        }
        if (value instanceof String text) {
            return text.indexOf('\0') >= 0;
        }
        boolean found = false;
        if (value instanceof Map<?, ?> map) {
            for (var entry : map.entrySet()) {
                found |= (entry.getKey() instanceof String key && key.indexOf('\0') >= 0) | holdsNul(entry.getValue(), depth + 1);
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                found |= holdsNul(item, depth + 1);
            }
        }
        return found;
    }

    public static String cleanText(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', REPLACEMENT);
    }

    private @Nullable Object walk(@Nullable Object value, int depth) throws TooDeep {
        if (depth > StrictJson.MAX_DEPTH) {
            throw new TooDeep();
        }
        if (value instanceof String text) {
            return text(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (var entry : map.entrySet()) {
                Object key = entry.getKey() instanceof String k ? text(k) : entry.getKey();
                copy.put(key, walk(entry.getValue(), depth + 1));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(walk(item, depth + 1));
            }
            return copy;
        }
        return value;
    }

    private String text(String text) {
        if (text.indexOf('\0') < 0) {
            return text;
        }
        replaced += (int) text.chars().filter(c -> c == 0).count();
        return text.replace('\0', REPLACEMENT);
    }
}
