package io.flowmeter.analytics.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flowmeter.analytics.AnalyticsProperties;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Each organization's {@link RoiBook}, cached: the engine prices facts on every step and must not read every
 * assumption each time. A change made on this node is seen at once; on other nodes after the cache's time to live.
 */
@Component
class RoiBooks {

    private final AssumptionStore store;
    private final Cache<UUID, RoiBook> books;

    RoiBooks(AssumptionStore store, AnalyticsProperties properties) {
        this.store = store;
        this.books = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(properties.bookCacheTtl()).build();
    }

    /** The organization's book, read in the caller's transaction when it is not cached. */
    RoiBook of(UUID tenantId) {
        return books.get(tenantId, this::load);
    }

    /** Read now, not cached (restatements, the settings screen). */
    RoiBook fresh(UUID tenantId) {
        RoiBook book = load(tenantId);
        books.put(tenantId, book);
        return book;
    }

    void forget(UUID tenantId) {
        books.invalidate(tenantId);
    }

    private RoiBook load(UUID tenantId) {
        AssumptionStore.Settings settings = store.settings(tenantId);
        return new RoiBook(settings.currency(), settings.zone(), store.all(tenantId));
    }
}
