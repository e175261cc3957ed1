package io.flowmeter.shared;

import org.jspecify.annotations.Nullable;

import java.util.List;

/** Input that is well-formed but breaks rules; every broken rule is listed (answered as 422). */
public class ValidationFailedException extends RuntimeException {

    /** One broken rule: where ({@code node} and/or {@code field}, when it applies) and what is wrong. */
    public record Violation(@Nullable String node, @Nullable String field, String message) {
        @Override
        public String toString() {
            String where = node == null ? "" : "node '" + node + "'" + (field == null ? "" : ", ");
            where += field == null ? "" : field;
            return where.isEmpty() ? message : where + ": " + message;
        }
    }

    private final List<Violation> violations;

    public ValidationFailedException(String message, List<Violation> violations) {
        super(message);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
