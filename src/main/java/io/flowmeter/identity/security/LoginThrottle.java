package io.flowmeter.identity.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.flowmeter.identity.domain.User;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Failed sign-ins per email address, kept by Bucket4j: each failure takes a token; with none left the
 * address is locked until the bucket refills (all tokens at once, after the lockout period). Keyed by the
 * address typed, whether or not an account exists, so a lockout tells an attacker nothing either.
 */
@Component
public class LoginThrottle {

    private final int maxFailures;
    private final Duration lockout;
    private final Cache<String, Bucket> failures;

    LoginThrottle(@Value("${flowmeter.security.max-failed-logins}") int maxFailures,
                  @Value("${flowmeter.security.lockout-minutes}") int lockoutMinutes) {
        this.maxFailures = maxFailures;
        this.lockout = Duration.ofMinutes(lockoutMinutes);
        this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(lockout).build();
    }

    public boolean isLocked(String email) {
        Bucket bucket = failures.getIfPresent(User.normalizeEmail(email));
        return bucket != null && bucket.getAvailableTokens() <= 0;
    }

    public void recordFailure(String email) {
        failures.get(User.normalizeEmail(email), key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(maxFailures).refillIntervally(maxFailures, lockout).build())
                .build()).tryConsume(1);
    }

    public void recordSuccess(String email) {
        failures.invalidate(User.normalizeEmail(email));
    }

    public long lockoutMinutes() {
        return lockout.toMinutes();
    }
}
