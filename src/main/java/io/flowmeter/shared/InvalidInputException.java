package io.flowmeter.shared;

import org.jspecify.annotations.Nullable;

/** Input a user can correct; {@code field} names the form field or JSON property, when there is one. */
public class InvalidInputException extends RuntimeException {

    private final @Nullable String field;

    public InvalidInputException(@Nullable String field, String message) {
        super(message);
        this.field = field;
    }

    public @Nullable String field() {
        return field;
    }
}
