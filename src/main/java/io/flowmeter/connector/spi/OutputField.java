package io.flowmeter.connector.spi;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One field of an action's output, as later steps reach it: {@code steps.<id>.output.<path>}.
 *
 * @param path        a dotted path within the output, e.g. {@code status}, {@code body}, {@code updates.updatedRange}
 * @param type        one of {@link #TYPES}: {@code string}, {@code number}, {@code boolean}, {@code object},
 *                    {@code list} or {@code any}
 * @param description what the field holds, in a few words
 */
public record OutputField(String path, String type, String description) {

    /** The types an output field may have. */
    public static final List<String> TYPES = List.of("string", "number", "boolean", "object", "list", "any");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");

    public OutputField {
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("An output path is dotted names, e.g. body.items, not '" + path + "'");
        }
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("Output '" + path + "': type '" + type + "' is not one of " + TYPES);
        }
    }

    public static OutputField string(String path, String description) {
        return new OutputField(path, "string", description);
    }

    public static OutputField number(String path, String description) {
        return new OutputField(path, "number", description);
    }

    public static OutputField bool(String path, String description) {
        return new OutputField(path, "boolean", description);
    }

    public static OutputField object(String path, String description) {
        return new OutputField(path, "object", description);
    }

    public static OutputField list(String path, String description) {
        return new OutputField(path, "list", description);
    }

    public static OutputField any(String path, String description) {
        return new OutputField(path, "any", description);
    }

    /** The path's first name: the key of the output object it lives under. */
    public String root() {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }
}
