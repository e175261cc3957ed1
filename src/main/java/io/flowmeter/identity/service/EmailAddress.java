package io.flowmeter.identity.service;

import io.flowmeter.identity.domain.User;
import io.flowmeter.shared.InvalidInputException;

import java.util.regex.Pattern;

/** Checks the shape of an email address (deliverability is the mail server's business). */
public final class EmailAddress {

    private static final Pattern SHAPE = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

    private EmailAddress() {
    }

    public static boolean isValid(String email) {
        return email != null && email.length() <= 254 && SHAPE.matcher(email.strip()).matches();
    }

    public static String require(String field, String email) {
        if (email == null || email.isBlank()) {
            throw new InvalidInputException(field, "Enter an email address");
        }
        if (!isValid(email)) {
            throw new InvalidInputException(field, "Enter a valid email address, like name@example.com");
        }
        return User.normalizeEmail(email);
    }
}
