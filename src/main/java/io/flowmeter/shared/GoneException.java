package io.flowmeter.shared;

/** The thing existed but is gone for good (a data export already downloaded or expired): HTTP 410. */
public class GoneException extends RuntimeException {

    public GoneException(String message) {
        super(message);
    }
}
