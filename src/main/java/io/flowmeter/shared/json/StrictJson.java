package io.flowmeter.shared.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;

/**
 * How JSON from outside is read: no trailing content after the document ({@code {"a":1}}} is malformed, not
 * {@code {"a":1}}), at most {@value #MAX_DEPTH} levels of nesting (deeper values could be stored but not written
 * back), no NUL characters (PostgreSQL cannot store them) and no numbers beyond a double's range. Every refusal is a
 * {@link com.fasterxml.jackson.core.JsonProcessingException} or another {@link IOException} with a message meant
 * for the caller. Values stored earlier are read with the application's ordinary mapper.
 */
public final class StrictJson {

    public static final int MAX_DEPTH = 200;

    private final ObjectMapper mapper;

    public StrictJson(ObjectMapper base) {
        ObjectMapper strict = base.copy();
        strict.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
        strict.getFactory().setInputDecorator(new NulRefusingInput());
        strict.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        strict.registerModule(new SimpleModule("finite-numbers").addDeserializer(Object.class, new FiniteNumbers()));
        this.mapper = strict;
    }

    /** The strict mapper, for Spring MVC's message converter. */
    public ObjectMapper mapper() {
        return mapper;
    }

    public Object read(String text) throws IOException {
        return mapper.readValue(text, Object.class);
    }

    public Object read(byte[] bytes) throws IOException {
        return mapper.readValue(bytes, Object.class);
    }

    /** What was wrong with a document this (or any Jackson) mapper refused, in words for the caller, without Java types. */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamConstraintsException) {
                return "The JSON is nested too deeply (at most " + MAX_DEPTH + " levels)";
            }
            if (t instanceof NulRefusingInput.NulCharacterException) {
                return t.getMessage();
            }
        }
        Throwable cause = failure;
        while (!(cause instanceof IOException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof ValueInstantiationException refused) {
            // a value object refused what it was given: its own reason, not Jackson's wording with Java types
            Throwable reason = refused.getCause() == null ? refused : refused.getCause();
            return "Invalid value" + path(refused) + (reason.getMessage() == null ? "" : ": " + reason.getMessage());
        }
        if (cause instanceof MismatchedInputException mismatch) {
            String at = path(mismatch);
            if (mismatch.getOriginalMessage() != null && mismatch.getOriginalMessage().startsWith("No content")) {
                return "The JSON body is missing";
            }
            String message = mismatch.getOriginalMessage();
            if (message != null && message.contains("out of range")) {
                return message + at;
            }
            if (message != null && message.startsWith("Trailing token")) {
                return "Malformed JSON: unexpected content after the end of the document";
            }
            Class<?> type = mismatch.getTargetType();
            return "Unexpected JSON value" + at + (type == null ? "" : ": expected " + kind(type));
        }
        if (cause instanceof JsonProcessingException json) {
            JsonLocation location = json.getLocation();
            String original = json.getOriginalMessage();
            int cut = original == null ? -1 : original.indexOf('\n');
            String reason = original == null ? "unreadable" : cut > 0 ? original.substring(0, cut) : original;
            return "Malformed JSON: " + reason + (location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")");
        }
        return "The body could not be read as JSON";
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : " at '" + path + "'";
    }

    private static String kind(Class<?> type) {
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return type == String.class || type == java.util.UUID.class ? "a string" : "a value of another kind";
    }
}
