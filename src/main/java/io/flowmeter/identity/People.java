package io.flowmeter.identity;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Names of people for other modules' screens ("changed by Ada", "published by Grace"). Only members of the current
 * tenant are found (row-level security on users); anyone else is simply absent.
 */
public interface People {

    Map<UUID, String> displayNames(Collection<UUID> userIds);

    default String displayName(@org.jspecify.annotations.Nullable UUID userId, String unknown) {
        return userId == null ? unknown : displayNames(java.util.List.of(userId)).getOrDefault(userId, unknown);
    }
}
