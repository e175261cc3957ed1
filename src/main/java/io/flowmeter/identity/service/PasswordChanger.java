package io.flowmeter.identity.service;

import io.flowmeter.identity.domain.PasswordResetRepository;
import io.flowmeter.identity.domain.User;
import io.flowmeter.identity.security.LoginThrottle;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Gives an account a new password, however it was asked for (the profile, a reset link): checked by the policy,
 * stored as a bcrypt hash, the account's other sessions ended (its credentials version moves on), its open reset links
 * revoked and a sign-in lockout of its address lifted. Runs inside the caller's platform-scope transaction.
 */
@Component
class PasswordChanger {

    private final PasswordEncoder passwordEncoder;
    private final PasswordResetRepository resets;
    private final LoginThrottle loginThrottle;

    PasswordChanger(PasswordEncoder passwordEncoder, PasswordResetRepository resets, LoginThrottle loginThrottle) {
        this.passwordEncoder = passwordEncoder;
        this.resets = resets;
        this.loginThrottle = loginThrottle;
    }

    void change(User user, String newPassword) {
        AccountService.requirePassword(newPassword, user.getEmail());
        user.changePassword(passwordEncoder.encode(newPassword));
        resets.revokeOpen(user.getId(), Instant.now());
        loginThrottle.recordSuccess(user.getEmail());
    }
}
