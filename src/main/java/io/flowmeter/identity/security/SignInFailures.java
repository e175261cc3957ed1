package io.flowmeter.identity.security;

import io.flowmeter.identity.domain.User;
import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.shared.audit.AuditActor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Records failed sign-ins in the audit log: for an account, in the organization it last worked in (its admins see
 * attempts on their people), else, and for an email no account has, in the platform's log.
 */
@Component
class SignInFailures {

    private final Audit audit;

    SignInFailures(Audit audit) {
        this.audit = audit;
    }

    void failed(String typedEmail, @Nullable User user, String reason) {
        String email = typedEmail.length() > 320 ? typedEmail.substring(0, 320) : typedEmail;
        Map<String, Object> detail = Map.of("reason", reason);
        if (user != null && user.getLastTenantId() != null) {
            audit.recordAs(AuditActor.user(user.getId(), user.getEmail()), user.getLastTenantId(), AuditAction.SIGN_IN_FAILED, user.getId(),
                    user.getEmail(), detail);
        } else if (user != null) {
            audit.platformAs(AuditActor.user(user.getId(), user.getEmail()), AuditAction.SIGN_IN_FAILED, user.getEmail(), detail);
        } else {
            audit.platformAs(AuditActor.anonymous(email), AuditAction.SIGN_IN_FAILED, email, detail);
        }
    }
}
