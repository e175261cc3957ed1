package io.flowmeter.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.trigger.webhook.WebhookSignatures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook triggers over real HTTP: the workflow's URL, bodies of every kind, signatures (GitHub's published
 * example among them), replays, limits, wait mode, regenerated and unknown tokens; a refused request starts no
 * run and every 2xx has one.
 */
class WebhooksIT extends IntegrationTest {

    static final String GITHUB_SECRET = "It's a Secret to Everybody";

    @LocalServerPort int port;
    @Autowired TestData data;

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();
    ApiClient api;
    String key;
    UUID tenantId;
    TestData.Owner owner;
    @Autowired io.flowmeter.trigger.webhook.WebhookService webhooks;
    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired io.flowmeter.admin.service.PlatformAdminService admin;
    @Autowired io.flowmeter.workflow.service.WorkflowService workflows;

    @BeforeEach
    void setUp() {
        owner = data.newTenant("hooks");
        tenantId = owner.tenantId();
        key = data.apiKeyFor(owner);
        api = new ApiClient(port);
    }

    @Test
    void aGithubSignedWebhookStartsOneRunAndReplaysForgeriesAndOtherMethodsStartNone() throws Exception {
        String secret = connection("SIGNING_SECRET", Map.of("secret", GITHUB_SECRET));
        String workflow = publish("""
                {"name": "GitHub events", "nodes": [
                  {"id": "t", "type": "trigger.webhook", "connection": "SECRET", "params": {"signature": "github"}},
                  {"id": "echo", "type": "core.transform", "params": {"value": {"got": "{{trigger.body}}"}}}],
                 "edges": [{"from": "t", "to": "echo"}]}
                """.replace("SECRET", secret));
        String url = hookUrl(workflow);
        assertThat(url).matches("http://.*/hooks/wh_[A-Za-z0-9_-]{43}");

        var signed = Map.of("Content-Type", "text/plain", "X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958", "Authorization", "Bearer sender-secret");
        var accepted = send("POST", url, "Hello, World!", signed);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = json.readTree(accepted.body()).get("runId").asText();
        JsonNode run = awaitRun(runId);
        assertThat(run.at("/run/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.at("/input/body").asText()).isEqualTo("Hello, World!");
        assertThat(run.at("/input/method").asText()).isEqualTo("POST");
        assertThat(run.at("/input/headers/x-github-delivery").asText()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(run.toString()).doesNotContain("sender-secret").doesNotContain(GITHUB_SECRET);

        // the same delivery again, a forged body, no signature, a wrong method: 401/401/401/405 and no run
        assertThat(send("POST", url, "Hello, World!", signed).body()).contains("replay");
        assertThat(send("POST", url, "Hello, World?", Map.of("Content-Type", "text/plain", "X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).statusCode()).isEqualTo(401);
        assertThat(send("POST", url, "Hello, World!", Map.of("Content-Type", "text/plain")).statusCode()).isEqualTo(401);
        var get = send("GET", url, null, Map.of());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
        assertThat(runCount(workflow, 1)).isEqualTo(1);
    }

    @Test
    void bodiesQueriesLimitsAndRegeneratedTokens() throws Exception {
        String workflow = publish("""
                {"name": "Any body", "nodes": [
                  {"id": "t", "type": "trigger.webhook", "params": {"methods": ["POST", "PUT"], "maxBodyBytes": 1000, "rateLimitPerMinute": 6}},
                  {"id": "n", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "n"}]}
                """);
        String url = hookUrl(workflow);
        int accepted = 0;

        var jsonBody = send("POST", url + "?tag=a&tag=b&source=crm", "{\"order\": {\"id\": 42, \"total\": 9.5}}",
                Map.of("Content-Type", "application/json"));
        assertThat(jsonBody.statusCode()).isEqualTo(202);
        accepted++;
        JsonNode run = awaitRun(json.readTree(jsonBody.body()).get("runId").asText());
        assertThat(run.at("/input/body/order/id").asInt()).isEqualTo(42);
        assertThat(run.at("/input/query/tag").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(run.at("/input/query/source").asText()).isEqualTo("crm");

        for (String method : new String[]{"POST", "PUT"}) {
            var form = send(method, url, "name=Ada+Lovelace&lang=en", Map.of("Content-Type", "application/x-www-form-urlencoded"));
            assertThat(form.statusCode()).isEqualTo(202);
            accepted++;
            assertThat(awaitRun(json.readTree(form.body()).get("runId").asText()).at("/input/body/name").asText()).isEqualTo("Ada Lovelace");
        }

        var binary = send("POST", url, "\u0001\u0002", Map.of("Content-Type", "application/octet-stream"));
        assertThat(binary.statusCode()).isEqualTo(202);
        accepted++;
        JsonNode binaryRun = awaitRun(json.readTree(binary.body()).get("runId").asText());
        assertThat(binaryRun.at("/input/bodyEncoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(binaryRun.at("/input/body").asText())).containsExactly(1, 2);

        var malformed = send("POST", url, "{\"order\": ", Map.of("Content-Type", "application/json"));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        assertThat(malformed.body()).contains("Malformed JSON");
        assertThat(send("POST", url, "x".repeat(1001), Map.of("Content-Type", "text/plain")).statusCode()).isEqualTo(413);

        // 6 per minute, the refused requests counted too: this is the seventh
        var limited = send("POST", url, "{}", Map.of("Content-Type", "application/json"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);

        // a new address: the old one is gone
        JsonNode regenerated = json.readTree(api.call("POST", "/api/v1/workflows/" + workflow + "/webhook/regenerate", null, key).body());
        assertThat(regenerated.get("url").asText()).isNotEqualTo(url);
        assertThat(send("POST", url, "{}", Map.of("Content-Type", "application/json")).statusCode()).isEqualTo(404);
        assertThat(send("POST", "http://127.0.0.1:" + port + "/hooks/wh_unknown", "{}", Map.of()).statusCode()).isEqualTo(404);
        assertThat(runCount(workflow, accepted)).isEqualTo(accepted);
    }

    @Test
    void waitModeAnswersWithTheStepsOutputOrAcceptsWhenItTakesLonger() throws Exception {
        String quick = publish("""
                {"name": "Quote", "nodes": [
                  {"id": "t", "type": "trigger.webhook", "params": {"responseMode": "wait", "responseStep": "quote"}},
                  {"id": "quote", "type": "core.transform", "params": {"value": {"price": "{{trigger.body.qty}}"}}}],
                 "edges": [{"from": "t", "to": "quote"}]}
                """);
        var answered = send("POST", hookUrl(quick), "{\"qty\": 3}", Map.of("Content-Type", "application/json"));
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(json.readTree(answered.body()).get("price").asText()).isEqualTo("3");
        assertThat(answered.headers().firstValue("X-Flowmeter-Run")).isPresent();

        String slow = publish("""
                {"name": "Slow", "nodes": [
                  {"id": "t", "type": "trigger.webhook", "params": {"responseMode": "wait", "responseStep": "later", "waitTimeoutMs": 300}},
                  {"id": "later", "type": "core.delay", "params": {"duration": "PT2S"}}],
                 "edges": [{"from": "t", "to": "later"}]}
                """);
        var accepted = send("POST", hookUrl(slow), "{}", Map.of("Content-Type", "application/json"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).contains("runId");
    }

    @Test
    void standardWebhooksAndStripeSignaturesAndWorkflowsThatCannotTakeWebhooks() throws Exception {
        String whsec = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        String standard = standardSignedWorkflow("Standard", whsec);
        String body = "{\"type\": \"invoice.paid\"}";
        long now = Instant.now().getEpochSecond();
        String signature = Base64.getEncoder().encodeToString(WebhookSignatures.hmac(
                Base64.getDecoder().decode(whsec.substring(6)), ("msg_1." + now + "." + body).getBytes(StandardCharsets.UTF_8)));
        var headers = Map.of("Content-Type", "application/json", "webhook-id", "msg_1", "webhook-timestamp", String.valueOf(now),
                "webhook-signature", "v1," + signature);
        assertThat(send("POST", hookUrl(standard), body, headers).statusCode()).isEqualTo(202);
        assertThat(send("POST", hookUrl(standard), body, headers).statusCode()).isEqualTo(401); // replayed id
        var old = new LinkedHashMap<>(headers);
        old.put("webhook-id", "msg_2");
        old.put("webhook-timestamp", String.valueOf(now - 600));
        old.put("webhook-signature", "v1," + Base64.getEncoder().encodeToString(WebhookSignatures.hmac(
                Base64.getDecoder().decode(whsec.substring(6)), ("msg_2." + (now - 600) + "." + body).getBytes(StandardCharsets.UTF_8))));
        assertThat(send("POST", hookUrl(standard), body, old).body()).contains("tolerance");

        String stripe = signedWorkflow("Stripe", "{\"signature\": \"stripe\", \"toleranceSeconds\": 60}", "whsec_stripe_test");
        String v1 = HexFormat.of().formatHex(WebhookSignatures.hmac("whsec_stripe_test".getBytes(StandardCharsets.UTF_8),
                (now + "." + body).getBytes(StandardCharsets.UTF_8)));
        assertThat(send("POST", hookUrl(stripe), body, Map.of("Content-Type", "application/json",
                "Stripe-Signature", "t=" + now + ",v1=" + v1)).statusCode()).isEqualTo(202);
        assertThat(send("POST", hookUrl(stripe), body, Map.of("Content-Type", "application/json",
                "Stripe-Signature", "t=" + now + ",v1=" + v1.replace('a', 'b').replace('1', '2'))).statusCode()).isEqualTo(401);
        assertThat(runCount(standard, 1)).isEqualTo(1);
        assertThat(runCount(stripe, 1)).isEqualTo(1);

        // a paused workflow refuses deliveries until resumed
        api.call("POST", "/api/v1/workflows/" + stripe + "/pause", null, key);
        var paused = send("POST", hookUrl(stripe), body, Map.of("Content-Type", "application/json", "Stripe-Signature", "t=" + now + ",v1=" + v1));
        assertThat(paused.statusCode()).isEqualTo(409);
        assertThat(paused.body()).contains("paused");
        assertThat(runCount(stripe, 1)).isEqualTo(1);

        // a draft never published, and a published workflow with another trigger
        String draft = json.readTree(api.call("POST", "/api/v1/workflows", """
                {"name": "Draft", "nodes": [{"id": "t", "type": "trigger.webhook"}], "edges": []}
                """, key).body()).get("id").asText();
        assertThat(send("POST", hookUrl(draft), "{}", Map.of("Content-Type", "application/json")).statusCode()).isEqualTo(409);
        String manual = publish("""
                {"name": "Manual", "nodes": [{"id": "t", "type": "trigger.manual"}], "edges": []}
                """);
        var notWebhook = send("POST", hookUrl(manual), "{}", Map.of("Content-Type", "application/json"));
        assertThat(notWebhook.statusCode()).isEqualTo(409);
        assertThat(notWebhook.body()).contains("does not start from a webhook");
        // another tenant cannot read this workflow's address
        String otherKey = data.apiKeyFor(data.newTenant("hooks-other"));
        assertThat(api.call("GET", "/api/v1/workflows/" + manual + "/webhook", null, otherKey).statusCode()).isEqualTo(404);
    }

    @Test
    void aConcurrentBurstIsStoredInBatchesWithReplaysRefusedAndARunPerAcceptedRequest() throws Exception {
        String whsec = "whsec_" + Base64.getEncoder().encodeToString("burst-burst-burst-burst-burst-32".getBytes(StandardCharsets.UTF_8));
        String workflow = standardSignedWorkflow("Burst", whsec);
        String url = hookUrl(workflow);
        long now = Instant.now().getEpochSecond();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(40);
        var answers = new java.util.concurrent.ConcurrentHashMap<String, java.util.List<Integer>>();
        var sends = new java.util.ArrayList<java.util.concurrent.Future<?>>();
        for (int copy = 0; copy < 3; copy++) {
            for (int i = 0; i < 30; i++) {
                String id = "msg_burst_" + i;
                String body = "{\"n\": " + i + "}";
                String signature = Base64.getEncoder().encodeToString(WebhookSignatures.hmac(
                        Base64.getDecoder().decode(whsec.substring(6)), (id + "." + now + "." + body).getBytes(StandardCharsets.UTF_8)));
                sends.add(pool.submit(() -> {
                    int status = send("POST", url, body, Map.of("Content-Type", "application/json", "webhook-id", id,
                            "webhook-timestamp", String.valueOf(now), "webhook-signature", "v1," + signature)).statusCode();
                    answers.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(status);
                    return null;
                }));
            }
        }
        for (var sent : sends) {
            sent.get();
        }
        pool.shutdown();
        // each message id accepted exactly once, its copies refused as replays, and one run per acceptance
        assertThat(answers).hasSize(30);
        answers.forEach((id, statuses) -> assertThat(statuses).as(id).containsExactlyInAnyOrder(202, 401, 401));
        assertThat(runCount(workflow, 30)).isEqualTo(30);
    }

    @Test
    void aWebhookThatQueuesWhilePausedStartsItsRunsOnResume() throws Exception {
        String workflow = publish("""
                {"name": "Queue while paused", "nodes": [
                  {"id": "t", "type": "trigger.webhook", "params": {"whenPaused": "queue", "responseMode": "wait", "responseStep": "n"}},
                  {"id": "n", "type": "core.transform", "params": {"value": {"got": "{{trigger.body.n}}"}}}],
                 "edges": [{"from": "t", "to": "n"}]}
                """);
        String url = hookUrl(workflow);
        api.call("POST", "/api/v1/workflows/" + workflow + "/pause", null, key);
        Thread.sleep(2_100); // the paused flag is cached for up to 2 s
        var first = send("POST", url, "{\"n\": 1}", Map.of("Content-Type", "application/json"));
        var second = send("POST", url, "{\"n\": 2}", Map.of("Content-Type", "application/json"));
        // paused: answered at once (no waiting for a run that cannot start), and held
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.body()).contains("queued until the workflow is resumed");
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(runCount(workflow, 1)).isZero();
        TestData.signInAs(owner);
        assertThat(TenantContext.callAsTenant(tenantId, () -> webhooks.waiting(UUID.fromString(workflow)))).isEqualTo(2);

        api.call("POST", "/api/v1/workflows/" + workflow + "/resume", null, key);
        assertThat(runCount(workflow, 2)).isEqualTo(2);
        assertThat(TenantContext.callAsTenant(tenantId, () -> webhooks.waiting(UUID.fromString(workflow)))).isZero();
        JsonNode run = awaitRun(json.readTree(first.body()).get("runId").asText());
        assertThat(run.at("/run/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.at("/input/body/n").asInt()).isEqualTo(1);
        assertThat(awaitRun(json.readTree(second.body()).get("runId").asText()).at("/input/body/n").asInt()).isEqualTo(2);
    }

    @Test
    void aDeliveryAcceptedByANodeThatDiedStillBecomesItsRun() throws Exception {
        String workflow = publish("""
                {"name": "Survivor", "nodes": [{"id": "t", "type": "trigger.webhook"}, {"id": "n", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "n"}]}
                """);
        var accepted = send("POST", hookUrl(workflow), "{\"order\": 1}", Map.of("Content-Type", "application/json"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        UUID firstRun = UUID.fromString(awaitRun(json.readTree(accepted.body()).get("runId").asText()).at("/run/id").asText());
        String versionId = TenantContext.callAsTenant(tenantId, () -> data.inTransaction(() -> jdbc.queryForObject(
                "select version_id::text from runs where id = ?", String.class, firstRun)));
        // what a node leaves behind when it dies right after answering 202: an inbox row nobody was woken for
        UUID orphan = UUID.randomUUID();
        TenantContext.runAsTenant(tenantId, () -> data.inTransaction(() -> jdbc.update("""
                insert into webhook_inbox (run_id, tenant_id, workflow_id, version_id, input) values (?, ?, ?, ?::uuid, ?)
                """, orphan, tenantId, UUID.fromString(workflow), versionId,
                "{\"method\": \"POST\", \"query\": {}, \"headers\": {}, \"body\": {\"order\": 2}}")));
        JsonNode run = awaitRun(orphan.toString());
        assertThat(run.at("/run/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.at("/input/body/order").asInt()).isEqualTo(2);
        assertThat(runCount(workflow, 2)).isEqualTo(2);
    }

    @Test
    void stripeRefusesTheSameDeliveryWithItsSignatureInAnotherCase() throws Exception {
        String stripe = signedWorkflow("Stripe case", "{\"signature\": \"stripe\"}", "whsec_case");
        String body = "{\"id\": \"evt_case\"}";
        long now = Instant.now().getEpochSecond();
        String v1 = HexFormat.of().formatHex(WebhookSignatures.hmac("whsec_case".getBytes(StandardCharsets.UTF_8),
                (now + "." + body).getBytes(StandardCharsets.UTF_8)));
        String mixed = v1.substring(0, 20).toUpperCase() + v1.substring(20);
        assertThat(v1.toUpperCase()).isNotEqualTo(v1);
        assertThat(send("POST", hookUrl(stripe), body, Map.of("Content-Type", "application/json", "Stripe-Signature", "t=" + now + ",v1=" + v1))
                .statusCode()).isEqualTo(202);
        for (String sent : new String[]{v1.toUpperCase(), mixed}) {
            var replay = send("POST", hookUrl(stripe), body, Map.of("Content-Type", "application/json", "Stripe-Signature", "t=" + now + ",v1=" + sent));
            assertThat(replay.statusCode()).as(sent).isEqualTo(401);
            assertThat(replay.body()).contains("replay");
        }
        assertThat(runCount(stripe, 1)).isEqualTo(1);
    }

    @Test
    void githubAndGenericHmacRefuseACapturedRequestSentAgain() throws Exception {
        String github = signedWorkflow("GitHub replays", "{\"signature\": \"github\"}", GITHUB_SECRET);
        String signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        var noDelivery = send("POST", hookUrl(github), "Hello, World!", Map.of("Content-Type", "text/plain", "X-Hub-Signature-256", signature));
        assertThat(noDelivery.statusCode()).isEqualTo(401);
        assertThat(noDelivery.body()).contains("x-github-delivery");
        assertThat(send("POST", hookUrl(github), "Hello, World!", Map.of("Content-Type", "text/plain", "X-Hub-Signature-256", signature,
                "X-GitHub-Delivery", UUID.randomUUID().toString())).statusCode()).isEqualTo(202);
        // the captured request with a delivery id of the attacker's choosing: the signed body is the same
        var freshDelivery = send("POST", hookUrl(github), "Hello, World!", Map.of("Content-Type", "text/plain", "X-Hub-Signature-256", signature,
                "X-GitHub-Delivery", UUID.randomUUID().toString()));
        assertThat(freshDelivery.statusCode()).isEqualTo(401);
        assertThat(freshDelivery.body()).contains("replay");

        String hmac = signedWorkflow("HMAC replays", "{\"signature\": \"hmac\", \"signatureHeader\": \"X-Signature\"}", "s3cret");
        for (String body : new String[]{"{\"order\": 1}", "{\"order\": 2}"}) {
            String mac = HexFormat.of().formatHex(WebhookSignatures.hmac("s3cret".getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
            assertThat(send("POST", hookUrl(hmac), body, Map.of("Content-Type", "application/json", "X-Signature", mac)).statusCode())
                    .as(body).isEqualTo(202);
            assertThat(send("POST", hookUrl(hmac), body, Map.of("Content-Type", "application/json", "X-Signature", mac)).body())
                    .as(body).contains("replay");
            assertThat(send("POST", hookUrl(hmac), body, Map.of("Content-Type", "application/json", "X-Signature", mac.toUpperCase())).statusCode())
                    .as(body).isEqualTo(401);
        }
        assertThat(runCount(github, 1)).isEqualTo(1);
        assertThat(runCount(hmac, 2)).isEqualTo(2);
    }

    @Test
    void aSuspendedOrganizationsWebhooksAcceptNothingAndItsQueuedDeliveriesRunOnlyAfterReactivation() throws Exception {
        String live = publish("""
                {"name": "Live", "nodes": [{"id": "t", "type": "trigger.webhook"}, {"id": "n", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "n"}]}
                """);
        String queuing = publish("""
                {"name": "Queuing", "nodes": [{"id": "t", "type": "trigger.webhook", "params": {"whenPaused": "queue"}},
                  {"id": "n", "type": "core.noop"}], "edges": [{"from": "t", "to": "n"}]}
                """);
        String liveUrl = hookUrl(live);
        String queuingUrl = hookUrl(queuing);
        api.call("POST", "/api/v1/workflows/" + queuing + "/pause", null, key);
        Thread.sleep(2_100); // the paused flag is cached for up to 2 s
        var queued = send("POST", queuingUrl, "{\"n\": 1}", Map.of("Content-Type", "application/json"));
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);

        TestData.signInAs(data.platformAdmin());
        admin.suspend(tenantId);
        // resumed while suspended (through the service: the organization's API is refused), which wakes the inbox at once
        TestData.signInAs(owner);
        TenantContext.runAsTenant(tenantId, () -> workflows.setPaused(UUID.fromString(queuing), false));
        Thread.sleep(2_100); // a token's organization status is cached for up to 2 s
        var refused = send("POST", liveUrl, "{}", Map.of("Content-Type", "application/json"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        assertThat(refused.body()).contains("tenant-suspended", "suspended");
        assertThat(send("POST", queuingUrl, "{}", Map.of("Content-Type", "application/json")).statusCode()).isEqualTo(403);
        assertThat(runsStored(live)).isZero();
        assertThat(runsStored(queuing)).as("the queued delivery waits while the organization is suspended").isZero();
        assertThat(TenantContext.callAsTenant(tenantId, () -> webhooks.waiting(UUID.fromString(queuing)))).isEqualTo(1);

        TestData.signInAs(data.platformAdmin());
        admin.reactivate(tenantId);
        TestData.signInAs(owner);
        long deadline = System.currentTimeMillis() + 10_000; // the inbox's poll (5 s) finds it
        while (runsStored(queuing) == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        JsonNode run = awaitRun(json.readTree(queued.body()).get("runId").asText());
        assertThat(run.at("/run/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.at("/input/body/n").asInt()).isEqualTo(1);
        Thread.sleep(2_100);
        assertThat(send("POST", liveUrl, "{}", Map.of("Content-Type", "application/json")).statusCode()).isEqualTo(202);
        assertThat(runCount(live, 1)).isEqualTo(1);
    }

    @Test
    void aQueuedDeliveryThatCouldNotBecomeARunIsRefusedBeforeItIsAnswered() throws Exception {
        String queuing = publish("""
                {"name": "Strict queue", "nodes": [{"id": "t", "type": "trigger.webhook", "params": {"whenPaused": "queue"}},
                  {"id": "n", "type": "core.noop"}], "edges": [{"from": "t", "to": "n"}]}
                """);
        api.call("POST", "/api/v1/workflows/" + queuing + "/pause", null, key);
        Thread.sleep(2_100); // the paused flag is cached for up to 2 s
        // PostgreSQL stores no NUL: such a delivery used to get 202 and a run id, and its run never came
        var escaped = send("POST", hookUrl(queuing), "{\"note\": \"a\\u0000b\"}", Map.of("Content-Type", "application/json"));
        var raw = send("POST", hookUrl(queuing), "a\u0000b", Map.of("Content-Type", "text/plain"));
        for (var answer : java.util.List.of(escaped, raw)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.body()).contains("NUL");
        }
        assertThat(TenantContext.callAsTenant(tenantId, () -> webhooks.waiting(UUID.fromString(queuing)))).isZero();
        var fine = send("POST", hookUrl(queuing), "{\"note\": \"ab\"}", Map.of("Content-Type", "application/json"));
        assertThat(fine.statusCode()).isEqualTo(202);
        api.call("POST", "/api/v1/workflows/" + queuing + "/resume", null, key);
        assertThat(awaitRun(json.readTree(fine.body()).get("runId").asText()).at("/run/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(runCount(queuing, 1)).isEqualTo(1);
        assertThat(TenantContext.callAsTenant(tenantId, () -> webhooks.waiting(UUID.fromString(queuing)))).isZero();
    }

    @Test
    void lenientJsonNulCharactersAndDeepNestingAreA400ProblemAndStoreNothing() throws Exception {
        String workflow = publish("""
                {"name": "Strict", "nodes": [{"id": "t", "type": "trigger.webhook"}, {"id": "n", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "n"}]}
                """);
        String deep = "[".repeat(998) + "]".repeat(998);
        record Bad(String query, String contentType, String body, String says) {
        }
        var bad = java.util.List.of(
                new Bad("", "application/json", "{\"a\":1}}", "Malformed JSON"),
                new Bad("", "application/json", "{} xyz", "Malformed JSON"),
                new Bad("", "application/json", "{\"n\": 1e400}", "out of range"),
                new Bad("", "application/json", "{\"a\": \"x\\u0000y\"}", "NUL"),
                new Bad("", "application/json", deep, "nested too deeply"),
                new Bad("", "text/plain", "a\u0000b", "NUL"),
                new Bad("", "application/xml", "<a>\u0000</a>", "NUL"),
                new Bad("", "application/x-www-form-urlencoded", "a=%00", "NUL"),
                new Bad("", "application/x-www-form-urlencoded", "a=\u0000", "NUL"),
                new Bad("?x=%00", "application/json", "{}", "NUL"));
        for (Bad request : bad) {
            var answer = send("POST", hookUrl(workflow) + request.query(), request.body(), Map.of("Content-Type", request.contentType()));
            assertThat(answer.statusCode()).as(request.toString()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).as(request.toString()).contains("application/problem+json");
            assertThat(answer.body()).as(request.toString()).contains(request.says());
        }
        // raw NUL bytes where no HTTP client library lets them be, in a header or the query: Tomcat refuses them itself
        // (its own 400 page, before any servlet), so nothing else to check here than that they are a 400
        String path = hookUrl(workflow).substring(hookUrl(workflow).indexOf("/hooks/"));
        for (String raw : new String[]{
                "POST " + path + " HTTP/1.1\r\nHost: x\r\nX-Note: a\u0000b\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
                "POST " + path + "?x=a\u0000b HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"}) {
            String answer = rawExchange(raw);
            assertThat(answer).as(raw).startsWith("HTTP/1.1 400");
        }
        // what may stay: a NUL byte inside binary data (kept as base64), and an escaped backslash before "u0000" in a JSON string
        assertThat(send("POST", hookUrl(workflow), "\u0000\u0001", Map.of("Content-Type", "application/octet-stream")).statusCode()).isEqualTo(202);
        assertThat(send("POST", hookUrl(workflow), "{\"a\": \"\\\\u0000\"}", Map.of("Content-Type", "application/json")).statusCode())
                .isEqualTo(202);
        assertThat(runCount(workflow, 2)).isEqualTo(2);
    }

    @Test
    void onlyWebhookAddressesAnswerAndOptionsNamesTheTriggersMethods() throws Exception {
        String workflow = publish("""
                {"name": "Methods", "nodes": [{"id": "t", "type": "trigger.webhook", "params": {"methods": ["POST", "PUT"]}},
                  {"id": "n", "type": "core.noop"}], "edges": [{"from": "t", "to": "n"}]}
                """);
        var options = send("OPTIONS", hookUrl(workflow), null, Map.of());
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("Allow")).hasValue("POST, PUT, OPTIONS");
        var delete = send("DELETE", hookUrl(workflow), null, Map.of());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).hasValue("POST, PUT, OPTIONS");
        assertThat(send("OPTIONS", "http://127.0.0.1:" + port + "/hooks/wh_unknown", null, Map.of()).statusCode()).isEqualTo(404);
        for (String path : new String[]{"/hooks/", "/hooks", "/hooks/wh_x/more"}) {
            var answer = send("GET", "http://127.0.0.1:" + port + path, null, Map.of());
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).as(path).contains("application/problem+json");
        }
        assertThat(runCount(workflow, 0)).isZero();
    }

    // --- helpers

    /** One request written byte for byte on a socket; the whole answer. */
    private String rawExchange(String request) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Runs of the workflow in the database (the API is refused while the organization is suspended). */
    private long runsStored(String workflowId) {
        return TenantContext.callAsTenant(tenantId, () -> data.inTransaction(() -> jdbc.queryForObject(
                "select count(*) from runs where workflow_id = ?", Long.class, UUID.fromString(workflowId))));
    }

    private String connection(String kind, Map<String, String> values) throws Exception {
        var created = api.call("POST", "/api/v1/connections", json.writeValueAsString(Map.of("connector", "http", "name", "Signing " + kind,
                "authKind", kind, "values", values)), key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asText();
    }

    /** A published workflow whose webhook checks Standard Webhooks signatures with {@code whsec}. */
    private String standardSignedWorkflow(String name, String whsec) throws Exception {
        return signedWorkflow(name, "{\"signature\": \"standard\"}", whsec);
    }

    /** A published webhook → no-op workflow whose trigger has {@code params} and a signing secret of {@code secret}. */
    private String signedWorkflow(String name, String params, String secret) throws Exception {
        return publish("""
                {"name": "NAME", "nodes": [
                  {"id": "t", "type": "trigger.webhook", "connection": "SECRET", "params": PARAMS},
                  {"id": "n", "type": "core.noop"}], "edges": [{"from": "t", "to": "n"}]}
                """.replace("NAME", name).replace("PARAMS", params).replace("SECRET", connection("SIGNING_SECRET", Map.of("secret", secret))));
    }

    private String publish(String definition) throws Exception {
        var created = api.call("POST", "/api/v1/workflows", definition, key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json.readTree(created.body()).get("id").asText();
        assertThat(api.call("POST", "/api/v1/workflows/" + id + "/publish", null, key).statusCode()).isLessThan(300);
        return id;
    }

    private String hookUrl(String workflowId) throws Exception {
        var hook = api.call("GET", "/api/v1/workflows/" + workflowId + "/webhook", null, key);
        assertThat(hook.statusCode()).as(hook.body()).isEqualTo(200);
        // the configured base URL is for people; the test talks to the port it runs on
        String url = json.readTree(hook.body()).get("url").asText();
        return "http://127.0.0.1:" + port + url.substring(url.indexOf("/hooks/"));
    }

    private HttpResponse<String> send(String method, String url, String body, Map<String, String> headers) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitRun(String runId) throws Exception {
        return api.awaitRun(runId, key);
    }

    /** Accepted deliveries become runs moments later (the inbox): waits up to 5 s for at least {@code expected}. */
    private int runCount(String workflowId, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 5_000;
        int count;
        do {
            count = json.readTree(api.call("GET", "/api/v1/runs?workflowId=" + workflowId, null, key).body()).get("items").size();
        } while (count < expected && System.currentTimeMillis() < deadline && sleep());
        Thread.sleep(100); // and nothing more arrives
        return json.readTree(api.call("GET", "/api/v1/runs?workflowId=" + workflowId, null, key).body()).get("items").size();
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(20);
        return true;
    }
}
