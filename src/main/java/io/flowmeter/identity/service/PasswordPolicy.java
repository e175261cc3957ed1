package io.flowmeter.identity.service;

import java.util.Locale;
import java.util.Optional;

/**
 * Password rules, in the spirit of NIST SP 800-63B: length matters more than composition, so we ask for
 * 10+ characters with at least one letter and one non-letter, and refuse passwords built from the email.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 128;
    public static final String HINT = "At least 10 characters, with a letter and a digit or symbol";

    private PasswordPolicy() {
    }

    public static Optional<String> problem(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("Use at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("Use at most " + MAX_LENGTH + " characters");
        }
        if (password.chars().noneMatch(Character::isLetter) || password.chars().allMatch(Character::isLetter)) {
            return Optional.of("Mix letters with at least one digit or symbol");
        }
        if (password.chars().distinct().count() < 4) {
            return Optional.of("Use more different characters");
        }
        String local = email == null ? "" : email.toLowerCase(Locale.ROOT).split("@")[0];
        if (local.length() >= 3 && password.toLowerCase(Locale.ROOT).contains(local)) {
            return Optional.of("Do not build the password from your email address");
        }
        return Optional.empty();
    }
}
