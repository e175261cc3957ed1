package io.flowmeter.shared.audit;

import org.jspecify.annotations.Nullable;

import java.util.UUID;

/**
 * One auditable change, as published inside the transaction that makes it. {@code tenantId} null means the current
 * tenant; {@code platform} marks platform administration (seen by platform admins, kept when the organization it is
 * about is deleted). {@code actor} null means whoever is signed in on this thread (else Flowmeter itself).
 * {@code before} and {@code after} are plain values (maps, records) of what changed, never secrets.
 */
public record AuditEvent(AuditAction action, @Nullable String objectId, @Nullable String objectName,
                         @Nullable Object before, @Nullable Object after, @Nullable UUID tenantId, boolean platform,
                         @Nullable AuditActor actor) {
}
