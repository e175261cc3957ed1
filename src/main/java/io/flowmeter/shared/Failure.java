package io.flowmeter.shared;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * How an exception that escaped to the edge of the REST API or webhooks is answered: a database that cannot be
 * reached is 503 with {@code Retry-After} (the request may be repeated), a body the client broke off is 400, anything
 * else is 500 — never a redirect.
 */
record Failure(HttpStatus status, String type, String detail, @Nullable Integer retryAfterSeconds) {

    static Failure of(Throwable e) {
        if (DatabaseOutage.isCauseOf(e)) {
            var problem = Problems.databaseUnavailable();
            return new Failure(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", String.valueOf(problem.getDetail()),
                    (int) DatabaseOutage.RETRY_AFTER.toSeconds());
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.catalina.connector.ClientAbortException || t instanceof java.io.EOFException) {
                return new Failure(HttpStatus.BAD_REQUEST, "invalid-input", "The request body could not be read to its end", null);
            }
        }
        return new Failure(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Something went wrong on our side", null);
    }

    static String typeOf(HttpStatus status) {
        return switch (status.value()) {
            case 400 -> "invalid-input";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 409 -> "conflict";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 503 -> "unavailable";
            default -> status.is4xxClientError() ? "invalid-input" : "internal-error";
        };
    }
}
