package io.flowmeter.connector.spi;

import org.jspecify.annotations.Nullable;

import java.util.List;

/** One typed parameter of an action. {@code options} lists the allowed values of a SELECT. */
public record ParamSpec(String name, ParamType type, boolean required, String description,
                        @Nullable Object defaultValue, List<String> options) {

    public static ParamSpec required(String name, ParamType type, String description) {
        return new ParamSpec(name, type, true, description, null, List.of());
    }

    public static ParamSpec optional(String name, ParamType type, String description, @Nullable Object defaultValue) {
        return new ParamSpec(name, type, false, description, defaultValue, List.of());
    }

    public static ParamSpec select(String name, boolean required, String description, String defaultValue, List<String> options) {
        return new ParamSpec(name, ParamType.SELECT, required, description, defaultValue, options);
    }
}
