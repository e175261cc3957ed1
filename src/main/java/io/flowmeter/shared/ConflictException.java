package io.flowmeter.shared;

/** The request is valid but conflicts with the current state (e.g. removing the last owner). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
