package io.flowmeter.shared.audit;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Publishes audit events. Call it inside the transaction of the change: the entry is written by a listener in that
 * transaction, so it commits, or rolls back, with the change.
 */
@Component
public class Audit {

    private final ApplicationEventPublisher events;

    Audit(ApplicationEventPublisher events) {
        this.events = events;
    }

    /** A change in the current organization by whoever is signed in. */
    public void record(AuditAction action, @Nullable Object objectId, @Nullable String objectName,
                       @Nullable Object before, @Nullable Object after) {
        events.publishEvent(new AuditEvent(action, id(objectId), objectName, before, after, null, false, null));
    }

    /** A change in the current organization, with no before or after worth keeping. */
    public void record(AuditAction action, @Nullable Object objectId, @Nullable String objectName) {
        record(action, objectId, objectName, null, null);
    }

    /** Something in {@code tenantId} done by {@code actor} (a sign-in, before anyone is signed in on this thread). */
    public void recordAs(AuditActor actor, UUID tenantId, AuditAction action, @Nullable Object objectId, @Nullable String objectName,
                         @Nullable Object after) {
        events.publishEvent(new AuditEvent(action, id(objectId), objectName, null, after, tenantId, false, actor));
    }

    /** Platform administration: seen by platform admins; {@code tenantId} is the organization it concerns, if any. */
    public void platform(AuditAction action, @Nullable UUID tenantId, @Nullable String objectName, @Nullable Object before,
                         @Nullable Object after) {
        events.publishEvent(new AuditEvent(action, id(tenantId), objectName, before, after, tenantId, true, null));
    }

    /** A platform event done by {@code actor} (a failed sign-in to no known account). */
    public void platformAs(AuditActor actor, AuditAction action, @Nullable String objectName, @Nullable Object after) {
        events.publishEvent(new AuditEvent(action, null, objectName, null, after, null, true, actor));
    }

    private static @Nullable String id(@Nullable Object id) {
        return id == null ? null : id.toString();
    }
}
