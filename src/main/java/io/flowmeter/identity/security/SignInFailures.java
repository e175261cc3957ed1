package io.flowmeter.identity.security;

import io.flowmeter.identity.domain.User;
import io.flowmeter.identity.domain.UserRepository;
import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.shared.audit.AuditActor;
import io.flowmeter.tenancy.TenantContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Records failed sign-ins in the audit log: for an account, in the organization it last worked in (its admins see
 * attempts on their people), else, and for an email no account has, in the platform's log.
 */
@Component
class SignInFailures {

    /** Who a failed single sign-on is recorded as when the identity provider named nobody. */
    static final String UNKNOWN_SSO_USER = "unknown (single sign-on)";

    private final Audit audit;
    private final UserRepository users;
    private final TransactionTemplate tx;

    SignInFailures(Audit audit, UserRepository users, TransactionTemplate tx) {
        this.audit = audit;
        this.users = users;
        this.tx = tx;
    }

    /**
     * A single sign-on that failed: the identity provider refused or failed, or named someone ({@code email}, when it
     * did) who may not sign in here.
     */
    void ssoFailed(@Nullable String email, String reason) {
        String typed = email == null || email.isBlank() ? UNKNOWN_SSO_USER : email;
        failed(typed, email == null ? null : find(() -> users.findByEmail(email).orElse(null)), "single sign-on: " + reason);
    }

    /** The right credentials of {@code userId}, refused for {@code reason} (e.g. every organization of theirs suspended). */
    void refused(UUID userId, String method, String reason) {
        User user = find(() -> users.findById(userId).orElse(null));
        if (user != null) {
            failed(user.getEmail(), user, method + ": " + reason);
        }
    }

    private @Nullable User find(Supplier<@Nullable User> lookup) {
        return TenantContext.callAsPlatform(() -> tx.execute(status -> lookup.get()));
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
