package io.flowmeter.tenancy.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** A tenant's unique, URL-safe short name: 3–63 lowercase letters, digits and inner hyphens. */
public record Slug(String value) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]");

    public Slug {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /** Why {@code candidate} is not a valid slug, in words a user can act on; empty when it is valid. */
    public static Optional<String> problem(String candidate) {
        if (candidate == null || candidate.isBlank()) {
            return Optional.of("Enter a URL name (slug)");
        }
        if (candidate.length() < 3 || candidate.length() > 63) {
            return Optional.of("A slug has 3 to 63 characters");
        }
        if (!VALID.matcher(candidate).matches() || candidate.contains("--")) {
            return Optional.of("Use lowercase letters, digits and single hyphens, starting and ending with a letter or digit");
        }
        return Optional.empty();
    }

    /** A suggestion derived from a display name, e.g. "Acme GmbH & Co." becomes "acme-gmbh-co". */
    public static String suggestFrom(String name) {
        String ascii = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 63) {
            slug = slug.substring(0, 63).replaceAll("-+$", "");
        }
        return slug;
    }

    @Override
    public String toString() {
        return value;
    }
}
