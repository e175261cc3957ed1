package io.flowmeter.identity.security;

import io.flowmeter.identity.domain.User;
import io.flowmeter.identity.service.AccountService;
import io.flowmeter.identity.security.SignInRefusedException.Reason;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Email and password sign-in. Unknown email and wrong password fail alike, in message and in time (an
 * unknown email still costs one bcrypt comparison), and both count towards the address's lockout.
 */
@Component
class PasswordAuthenticationProvider implements AuthenticationProvider {

    static final String BAD_CREDENTIALS = "Incorrect email or password";

    private final AccountService accounts;
    private final SignInService signIn;
    private final LoginThrottle throttle;
    private final PasswordEncoder passwordEncoder;
    private final String dummyHash;
    private final SignInFailures failures;

    PasswordAuthenticationProvider(AccountService accounts, SignInService signIn, LoginThrottle throttle,
                                   PasswordEncoder passwordEncoder, SignInFailures failures) {
        this.failures = failures;
        this.accounts = accounts;
        this.signIn = signIn;
        this.throttle = throttle;
        this.passwordEncoder = passwordEncoder;
        this.dummyHash = passwordEncoder.encode("timing-equalizer-not-a-password");
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = String.valueOf(authentication.getPrincipal()).strip();
        String password = String.valueOf(authentication.getCredentials());
        // the client's address as the container sees it (behind a trusted proxy: its X-Forwarded-For)
        String source = authentication.getDetails() instanceof WebAuthenticationDetails details ? LoginThrottle.source(details.getRemoteAddress()) : null;
        if (throttle.isLocked(email, source)) {
            failures.failed(email, email.isEmpty() ? null : accounts.findByEmail(email).orElse(null), "locked");
            throw new SignInRefusedException(Reason.LOCKED, "Too many failed sign-ins. Try again in "
                    + throttle.lockoutMinutes() + " minutes or reset your password.");
        }
        Optional<User> user = email.isEmpty() ? Optional.empty() : accounts.findByEmail(email);
        boolean matches;
        if (user.isPresent()) {
            matches = accounts.passwordMatches(user.get(), password);
        } else {
            passwordEncoder.matches(password, dummyHash);
            matches = false;
        }
        if (!matches) {
            throttle.recordFailure(email, source);
            failures.failed(email, user.orElse(null), user.isPresent() ? "wrong password" : "unknown email");
            throw new BadCredentialsException(BAD_CREDENTIALS);
        }
        throttle.recordSuccess(email);
        return signIn.authenticate(user.get(), "password");
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
