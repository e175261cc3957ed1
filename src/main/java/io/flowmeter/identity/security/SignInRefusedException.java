package io.flowmeter.identity.security;

import org.springframework.security.core.AuthenticationException;

/**
 * Sign-in refused for a reason the person may be told: the credentials were right but the account cannot
 * work anywhere (suspended tenant, no membership) or it is locked after too many failures. Wrong email and
 * wrong password are NOT this: they share one message so that nobody learns which emails have accounts.
 */
public class SignInRefusedException extends AuthenticationException {

    public enum Reason {
        LOCKED, SUSPENDED, NO_MEMBERSHIP, SSO_NO_ACCOUNT,
        /** An open session was ended (suspension, removal, a new password); the next sign-in says why. */
        SESSION_ENDED
    }

    private final Reason reason;

    public SignInRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
