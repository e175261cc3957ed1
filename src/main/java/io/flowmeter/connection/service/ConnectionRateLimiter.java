package io.flowmeter.connection.service;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-connection call budgets shared by every node, as Bucket4j token buckets stored in PostgreSQL (one row per
 * connection and limit, updated under an advisory lock). A step over budget is told how long to wait.
 */
@Component
class ConnectionRateLimiter {

    private final ProxyManager<String> buckets;

    ConnectionRateLimiter(DataSource dataSource) {
        this.buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("connection_rate_buckets")
                .idColumn("id")
                .stateColumn("state")
                .build();
    }

    /** Takes one call from the budget; empty when allowed, else how long until one is available. */
    Optional<Duration> take(UUID connectionId, int perMinute) {
        ConsumptionProbe probe = bucket(connectionId, perMinute).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(Math.max(probe.getNanosToWaitForRefill(), 1_000_000)));
    }

    /** The service said "too many requests": spend what is left, so the next calls wait for the budget to refill. */
    void drain(UUID connectionId, int perMinute) {
        bucket(connectionId, perMinute).tryConsumeAsMuchAsPossible();
    }

    private io.github.bucket4j.distributed.BucketProxy bucket(UUID connectionId, int perMinute) {
        // keyed by the limit too: changing it starts a fresh budget
        return buckets.builder().build(connectionId + ":" + perMinute, () -> BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
    }
}
