package io.flowmeter.audit.service;

import io.flowmeter.identity.security.ApiKeyPrincipal;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.shared.audit.AuditActor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is acting on this thread: the signed-in person, the API key of the request, else Flowmeter itself. */
final class AuditActors {

    private AuditActors() {
    }

    static AuditActor current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Object principal = authentication == null ? null : authentication.getPrincipal();
        if (principal instanceof FlowmeterPrincipal person) {
            return AuditActor.user(person.userId(), person.email());
        }
        if (principal instanceof ApiKeyPrincipal key) {
            return new AuditActor(AuditActor.Kind.API_KEY, key.keyId(), key.keyName());
        }
        return AuditActor.SYSTEM;
    }
}
