package io.flowmeter.identity.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.flowmeter.identity.domain.User;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Failed sign-ins, kept by Bucket4j per email address and per source address: each failure takes a token from
 * both; with none left the address (or the source) is locked until its bucket refills (all tokens at once, after
 * the lockout period). Per email, keyed by the address typed whether or not an account exists, so a lockout tells
 * an attacker nothing; per source, against password spraying (one password tried on many addresses). A successful
 * sign-in clears its email's failures only: were it to clear the source's too, a sprayer holding one valid account
 * could reset their budget between attempts.
 */
@Component
@EnableConfigurationProperties(LoginThrottle.Settings.class)
public class LoginThrottle {

    /**
     * @param maxFailedLogins           failures per email address before a lockout
     * @param maxFailedLoginsPerSource  failures per source (IP) address before a lockout
     * @param lockoutMinutes            how long a lockout lasts
     */
    @ConfigurationProperties("flowmeter.security")
    record Settings(int maxFailedLogins, int maxFailedLoginsPerSource, int lockoutMinutes) {
    }

    private final Settings settings;
    private final Duration lockout;
    private final Cache<String, Bucket> failures;

    LoginThrottle(Settings settings) {
        this.settings = settings;
        this.lockout = Duration.ofMinutes(settings.lockoutMinutes());
        this.failures = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(lockout).build();
    }

    public boolean isLocked(String email, @Nullable String source) {
        return empty("email:" + User.normalizeEmail(email)) || (source != null && empty("source:" + source));
    }

    public void recordFailure(String email, @Nullable String source) {
        take("email:" + User.normalizeEmail(email), settings.maxFailedLogins());
        if (source != null) {
            take("source:" + source, settings.maxFailedLoginsPerSource());
        }
    }

    public void recordSuccess(String email) {
        failures.invalidate("email:" + User.normalizeEmail(email));
    }

    /**
     * What counts as one source: an IPv4 address, or an IPv6 address's /64 (one subscriber's network: someone holding
     * one has 2^64 addresses to rotate through).
     */
    public static @Nullable String source(@Nullable String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            byte[] bytes = java.net.InetAddress.getByName(address).getAddress();
            if (bytes.length != 16) {
                return address;
            }
            return java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (java.net.UnknownHostException e) {
            return address;
        }
    }

    public long lockoutMinutes() {
        return lockout.toMinutes();
    }

    private boolean empty(String key) {
        Bucket bucket = failures.getIfPresent(key);
        return bucket != null && bucket.getAvailableTokens() <= 0;
    }

    private void take(String key, int capacity) {
        failures.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillIntervally(capacity, lockout).build())
                .build()).tryConsume(1);
    }
}
