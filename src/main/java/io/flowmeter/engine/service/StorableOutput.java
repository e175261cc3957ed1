package io.flowmeter.engine.service;

import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.StepLogger;
import io.flowmeter.shared.json.StrictJson;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes what a step produced storable before its outcome is recorded. PostgreSQL refuses NUL characters in
 * {@code jsonb} and {@code text}: a remote answer holding one would fail the recording transaction again on every
 * retry of the job, so NULs are replaced by U+FFFD (and the step log says so). Values nested deeper than what can
 * be written back to a client fail the step instead of being stored.
 */
final class StorableOutput {

    static final char REPLACEMENT = '\uFFFD';

    private final StepLogger logger;
    private int replaced;

    private StorableOutput(StepLogger logger) {
        this.logger = logger;
    }

    /** The value with NULs replaced; logs how many there were. */
    static @Nullable Object clean(@Nullable Object value, StepLogger logger) throws ActionException {
        StorableOutput cleaner = new StorableOutput(logger);
        Object result = cleaner.walk(value, 0);
        cleaner.report();
        return result;
    }

    /** Text (an error, a log) with NULs replaced. */
    static String cleanText(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', REPLACEMENT);
    }

    private @Nullable Object walk(@Nullable Object value, int depth) throws ActionException {
        if (depth > StrictJson.MAX_DEPTH) {
            throw ActionException.permanent("The step's output is nested more than " + StrictJson.MAX_DEPTH + " levels deep and cannot be stored");
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
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\0') {
                replaced++;
            }
        }
        return text.replace('\0', REPLACEMENT);
    }

    private void report() {
        if (replaced > 0) {
            logger.warn("The output held " + replaced + " NUL character" + (replaced == 1 ? "" : "s")
                    + " (\\u0000), which cannot be stored; each was replaced by U+FFFD");
        }
    }
}
