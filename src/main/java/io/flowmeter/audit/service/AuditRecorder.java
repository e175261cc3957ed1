package io.flowmeter.audit.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.shared.audit.AuditActor;
import io.flowmeter.shared.audit.AuditEvent;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.TenantDeleted;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;
import java.util.UUID;

/**
 * Writes each published {@link AuditEvent} into the log, in the transaction that published it: the entry commits, or
 * rolls back, with its change, and a failure to write it fails the change. An event published outside any
 * transaction (a sign-in, which changes nothing else) gets one of its own, in its organization's scope or the
 * platform's. Also forgets an organization's own entries when it is deleted.
 */
@Component
class AuditRecorder {

    /** Larger before/after values are replaced by a note: the log says what changed, it is not a copy of the data. */
    static final int MAX_VALUE_CHARS = 20_000;

    private final AuditStore store;
    private final ObjectMapper json;
    private final TransactionTemplate tx;

    AuditRecorder(AuditStore store, ObjectMapper json, TransactionTemplate tx) {
        this.store = store;
        this.json = json;
        this.tx = tx;
    }

    @EventListener
    void record(AuditEvent event) {
        UUID tenantId = event.tenantId() != null ? event.tenantId() : TenantContext.currentTenant().orElse(null);
        if (tenantId == null && !event.platform()) {
            throw new IllegalStateException("An audit entry of an organization needs its organization: " + event.action());
        }
        AuditActor actor = event.actor() != null ? event.actor() : AuditActors.current();
        var entry = new AuditStore.NewEntry(tenantId, event.platform(), actor, RequestOrigin.current(), event.action().code(),
                event.action().objectType(), event.objectId(), event.objectName(), write(event.before()), write(event.after()));
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            store.append(entry);
        } else if (event.platform()) {
            TenantContext.runAsPlatform(() -> tx.executeWithoutResult(status -> store.append(entry)));
        } else {
            TenantContext.runAsTenant(tenantId, () -> tx.executeWithoutResult(status -> store.append(entry)));
        }
    }

    /** In the deletion's transaction (platform scope): the organization's own entries go with it. */
    @EventListener
    void forget(TenantDeleted deleted) {
        store.forgetTenant(deleted.tenantId());
    }

    private @Nullable String write(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        try {
            String text = json.writeValueAsString(value);
            return text.length() <= MAX_VALUE_CHARS ? text
                    : json.writeValueAsString(Map.of("truncated", true, "chars", text.length()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("An audit value could not be written as JSON", e);
        }
    }
}
