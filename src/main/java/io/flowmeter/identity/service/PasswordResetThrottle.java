package io.flowmeter.identity.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flowmeter.identity.domain.User;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * How often "forgot password" may be asked, per email address and per source address (Bucket4j, refilled over the
 * window): no mail storm at one inbox, no spraying of many. Counted for every address typed, with or without an
 * account, so being refused tells nothing about who has one. In memory, per node, like sign-in throttling.
 */
@Component
class PasswordResetThrottle {

    enum Verdict { ALLOWED, TOO_MANY_FOR_ADDRESS, TOO_MANY_FROM_SOURCE }

    private final PasswordResetProperties settings;
    private final Cache<String, Bucket> buckets;

    PasswordResetThrottle(PasswordResetProperties settings) {
        this.settings = settings;
        this.buckets = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(settings.window()).build();
    }

    /** Takes one request from the source's and the address's budgets, or says which one is spent. */
    Verdict tryAcquire(String email, @Nullable String source) {
        if (source != null && !bucket("source:" + source, settings.maxPerSource()).tryConsume(1)) {
            return Verdict.TOO_MANY_FROM_SOURCE;
        }
        if (!bucket("email:" + User.normalizeEmail(email), settings.maxPerAddress()).tryConsume(1)) {
            return Verdict.TOO_MANY_FOR_ADDRESS;
        }
        return Verdict.ALLOWED;
    }

    private Bucket bucket(String key, int capacity) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, settings.window()).build())
                .build());
    }
}
