package io.flowmeter.trigger.webhook;

import io.flowmeter.tenancy.TenantContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Webhook meters: requests by outcome (accepted, or refused with its status: a bad signature, a rate limit, a body too
 * large...) and the inbox depth, accepted deliveries whose runs are not started yet (read from the database when
 * scraped: the whole cluster's).
 */
@Component
class WebhookMetrics {

    private final MeterRegistry registry;
    private final Map<Integer, Counter> byStatus = new ConcurrentHashMap<>();

    WebhookMetrics(MeterRegistry registry, JdbcTemplate jdbc, TransactionTemplate tx) {
        this.registry = registry;
        Gauge.builder("flowmeter.webhook.inbox.depth", () -> TenantContext.callAsPlatform(() -> tx.execute(status ->
                        jdbc.queryForObject("select count(*) from webhook_inbox", Long.class))))
                .description("Accepted webhook deliveries whose runs are not started yet").register(registry);
    }

    /** A webhook request was answered with {@code status}. */
    void answered(int status) {
        byStatus.computeIfAbsent(status, code -> Counter.builder("flowmeter.webhook.requests")
                .description("Webhook requests, by outcome and status")
                .tag("outcome", code < 300 ? "accepted" : "refused").tag("status", Integer.toString(code))
                .register(registry)).increment();
    }
}
