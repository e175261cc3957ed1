package io.flowmeter.audit;

import io.flowmeter.shared.audit.AuditActor;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the log. {@code action} is the action's code (an entry written by a newer version may carry one this
 * version does not know); {@code before} and {@code after} are JSON, or null.
 */
public record AuditEntry(UUID id, @Nullable UUID tenantId, boolean platform, Instant at, AuditActor.Kind actorKind,
                         @Nullable UUID actorId, String actorName, @Nullable String ip, @Nullable String userAgent, String action,
                         String objectType, @Nullable String objectId, @Nullable String objectName, @Nullable String before,
                         @Nullable String after) {
}
