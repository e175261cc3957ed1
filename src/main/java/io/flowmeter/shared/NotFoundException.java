package io.flowmeter.shared;

/** The thing does not exist, or exists for another tenant (which callers cannot tell apart, on purpose). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
