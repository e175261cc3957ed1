package io.flowmeter.trigger.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flowmeter.connection.Connections;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.Tokens;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.service.WorkflowService;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Webhook triggers: each workflow's unguessable address, and what a request to it must pass before it starts a
 * run (the workflow is published with a webhook trigger, the method is allowed, the organization's and the
 * workflow's rate limits, the signature, no replayed message id). A run is started, and the delivery recorded,
 * in one transaction, so a request answered 2xx has a committed run.
 */
@Service
public class WebhookService {

    public static final int MAX_BODY_BYTES = 1_000_000;
    private static final String READ = "hasAnyRole('VIEWER', 'API')";
    private static final String WRITE = "hasAnyRole('BUILDER', 'API')";

    /** Where a token leads, and whether its organization is active (a suspended one's webhooks accept nothing). */
    public record Target(UUID tenantId, UUID workflowId, boolean tenantActive) {
    }

    /** A workflow's webhook as its editors see it. */
    public record Hook(UUID workflowId, String url, Instant createdAt) {
    }

    /** The trigger's settings, from the published version's trigger node. */
    public record Settings(List<String> methods, boolean waitForResponse, @Nullable String responseStep, Duration waitTimeout,
                           WebhookSignatures.Scheme scheme, @Nullable String signatureHeader, String signatureEncoding,
                           Duration tolerance, int maxBodyBytes, int ratePerMinute, @Nullable UUID connection, boolean queueWhenPaused) {
    }

    /** The published version a request is for, its webhook settings, and whether the workflow is paused. */
    public record Published(WorkflowVersion version, Settings settings, boolean paused) {
    }

    /** A refusal, with the HTTP status and a message safe to send back. */
    public static class Refused extends RuntimeException {
        private final int status;
        private final @Nullable Duration retryAfter;

        Refused(int status, String message, @Nullable Duration retryAfter) {
            super(message);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        public int status() {
            return status;
        }

        public @Nullable Duration retryAfter() {
            return retryAfter;
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final WorkflowService workflows;
    private final RunService runs;
    private final Connections connections;
    private final WebhookIntake intake;
    private final ReplayGuard replayGuard;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final String baseUrl;
    private final long tenantRatePerSecond;
    /*
     * every request reads it: reloaded in the background after a second (no request waits), never older than two; so
     * a regenerated token, or an organization suspended or reactivated, takes effect on every node within 2 s
     */
    private final com.github.benmanes.caffeine.cache.LoadingCache<String, Optional<Target>> targets;
    private final Cache<UUID, Bucket> tenantBuckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();
    private record WorkflowRate(UUID workflowId, int perMinute) {
    }

    private final Cache<UUID, Optional<WorkflowDefinition.Node>> triggers = Caffeine.newBuilder().maximumSize(10_000).build();

    private final Cache<WorkflowRate, Bucket> workflowBuckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    WebhookService(JdbcTemplate jdbc, TransactionTemplate tx, WorkflowService workflows, RunService runs, Connections connections,
                   WebhookIntake intake, ReplayGuard replayGuard, com.fasterxml.jackson.databind.ObjectMapper json,
                   @Value("${flowmeter.base-url}") String baseUrl, WebhookProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.workflows = workflows;
        this.runs = runs;
        this.connections = connections;
        this.intake = intake;
        this.replayGuard = replayGuard;
        this.json = json;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.tenantRatePerSecond = properties.tenantRatePerSecond();
        this.targets = Caffeine.newBuilder().maximumSize(100_000).refreshAfterWrite(Duration.ofSeconds(1)).expireAfterWrite(Duration.ofSeconds(2))
                .build(token -> TenantContext.callAsPlatform(() -> tx.execute(status -> jdbc.query(
                        "select w.tenant_id, w.workflow_id, t.status = 'ACTIVE' from webhooks w join tenants t on t.id = w.tenant_id where w.token = ?",
                        (rs, i) -> new Target(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getBoolean(3)), token)
                        .stream().findFirst())));
    }

    // ------------------------------------------------------------------ the address

    /** The workflow's webhook address, created on first ask. */
    @PreAuthorize(READ)
    public Hook hook(UUID workflowId) {
        workflows.get(workflowId); // 404 for unknown and other tenants' workflows
        UUID tenantId = TenantContext.requireTenant();
        return tx.execute(status -> {
            jdbc.update("insert into webhooks (workflow_id, tenant_id, token) values (?, ?, ?) on conflict (workflow_id) do nothing",
                    workflowId, tenantId, Tokens.random("wh_"));
            return jdbc.queryForObject("select token, created_at from webhooks where workflow_id = ?",
                    (rs, i) -> new Hook(workflowId, url(rs.getString(1)), rs.getTimestamp(2).toInstant()), workflowId);
        });
    }

    /** A new address; the old one stops working (on other nodes within 2 s). */
    @PreAuthorize(WRITE)
    public Hook regenerate(UUID workflowId) {
        Hook old = hook(workflowId);
        tx.executeWithoutResult(status -> jdbc.update("update webhooks set token = ?, created_at = now() where workflow_id = ?",
                Tokens.random("wh_"), workflowId));
        targets.invalidate(old.url().substring(old.url().lastIndexOf('/') + 1));
        return hook(workflowId);
    }

    /** Accepted deliveries of the workflow whose runs have not started yet (queued while paused, or a moment under load). */
    @PreAuthorize(READ)
    public long waiting(UUID workflowId) {
        Long count = tx.execute(status -> jdbc.queryForObject("select count(*) from webhook_inbox where workflow_id = ?", Long.class, workflowId));
        return count == null ? 0 : count;
    }

    private String url(String token) {
        return baseUrl + "/hooks/" + token;
    }

    /** The workflow a token belongs to; empty for unknown (or regenerated) tokens. */
    public Optional<Target> resolve(String token) {
        if (token.length() > 64 || !token.startsWith("wh_")) {
            return Optional.empty();
        }
        return targets.get(token);
    }

    // ------------------------------------------------------------------ a request

    /**
     * The published version and its webhook settings; call in the target's tenant scope. A suspended organization's
     * webhooks refuse every request (403), as its API does; a paused workflow refuses requests (409) unless its webhook
     * queues them until it is resumed.
     */
    public Published settings(Target target) {
        if (!target.tenantActive()) {
            throw new Refused(403, "This organization's account is suspended; its webhooks accept nothing until it is reactivated", null);
        }
        WorkflowVersion version;
        try {
            version = workflows.latestVersion(target.workflowId());
        } catch (NotFoundException e) {
            throw new Refused(404, "No webhook at this address", null);
        } catch (io.flowmeter.shared.ConflictException e) {
            throw new Refused(409, "The workflow is not published yet", null);
        }
        // versions are immutable: their trigger is read once, not parsed from JSON on every request
        WorkflowDefinition.Node trigger = triggers.get(version.getId(), id -> workflows.definitionOf(version).trigger())
                .orElseThrow(() -> new Refused(409, "The workflow has no trigger", null));
        if (!"trigger.webhook".equals(trigger.type())) {
            throw new Refused(409, "The published workflow does not start from a webhook (its trigger is " + trigger.type() + ")", null);
        }
        Settings settings = settingsOf(trigger);
        boolean paused = workflows.isPaused(target.workflowId());
        if (paused && !settings.queueWhenPaused()) {
            throw new Refused(409, "The workflow is paused; resume it to accept webhooks again", null);
        }
        return new Published(version, settings, paused);
    }

    static Settings settingsOf(WorkflowDefinition.Node trigger) {
        Map<String, Object> p = trigger.paramsOrEmpty();
        List<String> methods = p.get("methods") instanceof List<?> list && !list.isEmpty()
                ? list.stream().map(m -> String.valueOf(m).toUpperCase(Locale.ROOT)).toList() : List.of("POST");
        WebhookSignatures.Scheme scheme;
        try {
            scheme = WebhookSignatures.Scheme.valueOf(String.valueOf(p.getOrDefault("signature", "none")).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            scheme = WebhookSignatures.Scheme.NONE;
        }
        return new Settings(methods, "wait".equals(p.get("responseMode")), p.get("responseStep") == null ? null : String.valueOf(p.get("responseStep")),
                Duration.ofMillis(Math.max(0, Math.min(30_000, number(p.get("waitTimeoutMs"), 10_000)))), scheme,
                p.get("signatureHeader") == null ? null : String.valueOf(p.get("signatureHeader")),
                "base64".equals(p.get("signatureEncoding")) ? "base64" : "hex",
                Duration.ofSeconds(Math.max(1, number(p.get("toleranceSeconds"), 300))),
                (int) Math.max(1, Math.min(MAX_BODY_BYTES, number(p.get("maxBodyBytes"), MAX_BODY_BYTES))),
                (int) Math.max(0, number(p.get("rateLimitPerMinute"), 0)), trigger.connection(), "queue".equals(p.get("whenPaused")));
    }

    private static long number(@Nullable Object value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return (long) Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Takes one request from the organization's and the workflow's budgets, or refuses with 429 and when to retry. */
    public void admit(Target target, Settings settings) {
        Bucket tenant = tenantBuckets.get(target.tenantId(), id -> Bucket.builder().addLimit(Bandwidth.builder()
                .capacity(tenantRatePerSecond * 2).refillGreedy(tenantRatePerSecond, Duration.ofSeconds(1)).build()).build());
        take(tenant, "This organization's webhooks are receiving too many requests");
        if (settings.ratePerMinute() > 0) {
            // keyed by the rate too: publishing another limit starts a fresh budget
            Bucket workflow = workflowBuckets.get(new WorkflowRate(target.workflowId(), settings.ratePerMinute()), key -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(key.perMinute()).refillGreedy(key.perMinute(), Duration.ofMinutes(1)).build()).build());
            take(workflow, "This webhook allows " + settings.ratePerMinute() + " requests per minute");
        }
    }

    private static void take(Bucket bucket, String message) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            throw new Refused(429, message, wait.isZero() ? Duration.ofSeconds(1) : wait);
        }
    }

    /** Checks the signature with the secret of the trigger's signing connection; returns the message id, if any. */
    public WebhookSignatures.Verified verify(Settings settings, Map<String, String> headers, byte[] body) {
        if (settings.scheme() == WebhookSignatures.Scheme.NONE) {
            return new WebhookSignatures.Verified(null);
        }
        String secret = null;
        if (settings.connection() != null) {
            try {
                secret = connections.credentials(settings.connection()).map(WebhookService::secretOf).orElse(null);
            } catch (ActionException e) {
                throw new Refused(401, "The webhook's signing secret is not usable: " + e.getMessage(), null);
            }
        }
        try {
            Duration tolerance = settings.tolerance().compareTo(replayGuard.longestTolerance()) > 0 ? replayGuard.longestTolerance() : settings.tolerance();
            return WebhookSignatures.verify(new WebhookSignatures.Check(settings.scheme(), secret, settings.signatureHeader(),
                    settings.signatureEncoding(), tolerance), headers, body, Instant.now());
        } catch (WebhookSignatures.Rejected e) {
            throw new Refused(401, e.getMessage(), null);
        }
    }

    private static @Nullable String secretOf(Credentials credentials) {
        return credentials.get("secret").or(() -> credentials.get("token")).or(() -> credentials.get("headerValue")).orElse(null);
    }

    /**
     * Records the delivery (refusing a replayed message id) and makes sure it gets its run; when this returns, that is
     * committed. When few deliveries are in flight (and always for a "wait" webhook) the run itself is started in one
     * transaction with the delivery id, for the lowest latency; under load (or while the workflow is paused) the
     * delivery is committed to the inbox by the group-commit intake instead, and the inbox starts its run moments
     * later (on resume, when paused), with the same run id.
     */
    public UUID start(Target target, WorkflowVersion version, @Nullable String messageId, Map<String, Object> input, UUID runId,
                      boolean waitForRun, boolean paused) {
        int concurrent = inFlight.incrementAndGet();
        boolean startNow = !paused && (waitForRun || (concurrent <= DIRECT_STARTS && !intake.busy()));
        try {
            return record(target, version, messageId, input, runId, startNow);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Concurrent deliveries up to which runs are started in the request itself. */
    static final int DIRECT_STARTS = 4;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    private UUID record(Target target, WorkflowVersion version, @Nullable String messageId, Map<String, Object> input, UUID runId,
                        boolean startNow) {
        String deliveryId = messageId == null || messageId.length() <= 300 ? messageId : messageId.substring(0, 300);
        if (!startNow) {
            String inputJson;
            try {
                inputJson = json.writeValueAsString(input);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("A webhook input is always JSON", e);
            }
            runs.admitJson(inputJson);
            intake.store(new WebhookIntake.Delivery(runId, target.tenantId(), target.workflowId(), version.getId(), inputJson, deliveryId));
            return runId;
        }
        return tx.execute(status -> {
            if (deliveryId != null) {
                var key = new ReplayGuard.Key(target.tenantId(), target.workflowId(), deliveryId);
                Boolean fresh = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Boolean>) connection ->
                        !replayGuard.recordNew(connection, List.of(key)).isEmpty());
                if (!Boolean.TRUE.equals(fresh)) {
                    throw new Refused(401, "This message was already delivered (replay refused)", null);
                }
            }
            return runs.startTriggered(runId, target.workflowId(), version, input, "webhook");
        });
    }
}
