package io.flowmeter.secret;

/** A stored secret or data key does not authenticate: it was modified, moved to another row, or the key is wrong. */
public class SecretTamperedException extends RuntimeException {

    public SecretTamperedException(String message) {
        super(message);
    }
}
