package io.flowmeter.shared.audit;

import org.jspecify.annotations.Nullable;

import java.util.UUID;

/**
 * Who did something: a person (their user id and email), an API key (its id and name), Flowmeter itself (a schedule,
 * recovery, a sweep), or someone not signed in (a failed sign-in: the email they typed).
 */
public record AuditActor(Kind kind, @Nullable UUID id, String name) {

    public enum Kind { USER, API_KEY, SYSTEM, ANONYMOUS }

    public static final AuditActor SYSTEM = new AuditActor(Kind.SYSTEM, null, "Flowmeter");

    public static AuditActor user(UUID userId, String email) {
        return new AuditActor(Kind.USER, userId, email);
    }

    public static AuditActor anonymous(String typed) {
        return new AuditActor(Kind.ANONYMOUS, null, typed);
    }
}
