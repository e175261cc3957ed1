package io.flowmeter.identity;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Names of people for other modules' screens ("changed by Ada", "published by Grace"). Only members of the current
 * tenant are found (row-level security on users); anyone else is simply absent.
 */
public interface People {

    /** A member of the current organization, for choosing whom a report or alert goes to. */
    record Member(UUID userId, String displayName, String email, boolean admin) {
    }

    Map<UUID, String> displayNames(Collection<UUID> userIds);

    /** The current organization's members, by name; {@code admin} for owners and admins. */
    java.util.List<Member> members();

    default String displayName(@org.jspecify.annotations.Nullable UUID userId, String unknown) {
        return userId == null ? unknown : displayNames(java.util.List.of(userId)).getOrDefault(userId, unknown);
    }
}
