package io.flowmeter.identity.service;

import io.flowmeter.identity.domain.User;
import io.flowmeter.identity.domain.UserRepository;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.LoginThrottle;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.tenancy.TenantContext;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Function;

/**
 * The signed-in person's own account: their name and their password. Accounts are global and only the platform scope
 * may change them (the database's guard), so these run there, always on the caller's own account.
 */
@Service
public class ProfileService {

    /** What the profile page shows; {@code hasPassword} is false for accounts that sign in through single sign-on only. */
    public record Profile(String email, String displayName, boolean hasPassword) {
    }

    private final UserRepository users;
    private final PasswordChanger passwords;
    private final PasswordEncoder passwordEncoder;
    private final LoginThrottle loginThrottle;
    private final TransactionTemplate tx;

    ProfileService(UserRepository users, PasswordChanger passwords, PasswordEncoder passwordEncoder, LoginThrottle loginThrottle,
                   TransactionTemplate tx) {
        this.users = users;
        this.passwords = passwords;
        this.passwordEncoder = passwordEncoder;
        this.loginThrottle = loginThrottle;
        this.tx = tx;
    }

    @PreAuthorize("isAuthenticated()")
    public Profile profile() {
        return onOwnAccount(user -> new Profile(user.getEmail(), user.getDisplayName(), user.getPasswordHash() != null));
    }

    @PreAuthorize("isAuthenticated()")
    public void rename(String displayName) {
        String name = AccountService.requireDisplayName(displayName);
        onOwnAccount(user -> {
            user.rename(name);
            return null;
        });
    }

    /**
     * Needs the current password, so that a session left open cannot lock its owner out. Wrong guesses count towards the
     * address's sign-in lockout. Ends the account's other sessions; the caller renews its own.
     */
    @PreAuthorize("isAuthenticated()")
    public void changePassword(String currentPassword, String newPassword) {
        String email = CurrentUser.require().email();
        if (loginThrottle.isLocked(email, null)) {
            throw new InvalidInputException("currentPassword", "Too many wrong passwords. Try again in "
                    + loginThrottle.lockoutMinutes() + " minutes.");
        }
        onOwnAccount(user -> {
            if (user.getPasswordHash() == null) {
                throw new InvalidInputException("currentPassword", "Your account signs in through single sign-on and has no password here");
            }
            if (currentPassword == null || !passwordEncoder.matches(currentPassword, user.getPasswordHash())) {
                loginThrottle.recordFailure(email, null);
                throw new InvalidInputException("currentPassword", "This is not your current password");
            }
            if (currentPassword.equals(newPassword)) {
                throw new InvalidInputException("password", "Choose a password different from the current one");
            }
            passwords.change(user, newPassword);
            return null;
        });
    }

    private <T> T onOwnAccount(Function<User, T> work) {
        var userId = CurrentUser.require().userId();
        return TenantContext.callAsPlatform(() -> tx.execute(status -> work.apply(users.findById(userId)
                .orElseThrow(() -> new IllegalStateException("The signed-in account no longer exists")))));
    }
}
