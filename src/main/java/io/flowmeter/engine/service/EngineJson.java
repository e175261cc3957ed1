package io.flowmeter.engine.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The JSON text the engine stores (inputs, outputs, waits, events), written and read with the app's
 * {@link ObjectMapper}, and the size an output may have.
 */
@Component
class EngineJson {

    /** The largest output (and loop's items) stored for a step; a larger one fails the step rather than bloat every read. */
    static final int MAX_OUTPUT_BYTES = 1_000_000;

    private final ObjectMapper json;

    EngineJson(ObjectMapper json) {
        this.json = json;
    }

    String write(@Nullable Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The value as a step's output is stored, or null when it is larger than {@link #MAX_OUTPUT_BYTES}. */
    @Nullable String writeOutput(@Nullable Object value) {
        String text = write(value);
        return text.length() > MAX_OUTPUT_BYTES ? null : text;
    }

    @Nullable Object read(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is unreadable", e);
        }
    }

    /** A stored JSON object; empty when there is none or the text holds something else. */
    @SuppressWarnings("unchecked")
    Map<String, Object> readMap(@Nullable String text) {
        Object value = read(text);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
