package io.flowmeter.shared;

/** Checks for free-text input that every form shares. */
public final class Inputs {

    private Inputs() {
    }

    /** The stripped value, or a refusal naming {@code field} when it is blank or longer than {@code maxLength}. */
    public static String requireText(String field, String value, int maxLength, String whenBlank) {
        String clean = value == null ? "" : value.strip();
        if (clean.isEmpty()) {
            throw new InvalidInputException(field, whenBlank);
        }
        if (clean.length() > maxLength) {
            throw new InvalidInputException(field, "Use at most " + maxLength + " characters");
        }
        return clean;
    }
}
