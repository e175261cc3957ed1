package io.flowmeter.engine.notify;

/**
 * How one channel of a notification went: {@code detail} is shown next to the settings and logged, so it names the
 * channel and what went wrong but never a credential.
 *
 * @param retryable it failed for a reason that may pass (a server that did not answer)
 */
record Delivery(boolean delivered, boolean retryable, String detail) {

    static Delivery delivered(String detail) {
        return new Delivery(true, false, detail);
    }

    static Delivery failed(String detail, boolean retryable) {
        return new Delivery(false, retryable, detail);
    }
}
