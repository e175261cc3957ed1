package io.flowmeter.identity.domain;

import java.time.Instant;
import java.util.UUID;

/** A member as the members list shows it. */
public record MemberView(UUID membershipId, UUID userId, String email, String displayName, Role role, Instant since) {
}
