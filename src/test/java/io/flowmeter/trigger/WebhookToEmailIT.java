package io.flowmeter.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.ReplayServer;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through the engine: a signed webhook starts a run, an HTTP step looks the order up (local server), a
 * Slack step posts about it (a local server standing in for Slack's incoming webhook), and an email step sends a
 * receipt through a real SMTP server (GreenMail).
 */
class WebhookToEmailIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;

    final ObjectMapper json = new ObjectMapper();
    ReplayServer orders;
    ReplayServer slack;
    ApiClient api;
    String key;

    @BeforeEach
    void setUp() throws Exception {
        key = data.apiKeyFor(data.newTenant("e2e-hook"));
        api = new ApiClient(port);
        orders = new ReplayServer();
        slack = new ReplayServer();
    }

    @AfterEach
    void tearDown() {
        orders.close();
        slack.close();
    }

    @Test
    void webhookThenHttpThenSlackThenEmail() throws Exception {
        SMTP.setUser("shop@example.com", "shop", "shop-password");
        String smtp = connection("SMTP", Map.of("host", "127.0.0.1", "port", String.valueOf(SMTP.getSmtp().getPort()),
                "username", "shop", "password", "shop-password", "security", "none"));
        String secret = connection("SIGNING_SECRET", Map.of("secret", "shop-webhook-secret"));
        String definition = """
                {"name": "Order paid", "nodes": [
                  {"id": "hook", "type": "trigger.webhook", "connection": "SECRET", "params": {"signature": "hmac", "signatureHeader": "X-Shop-Signature"}},
                  {"id": "order", "type": "http.request", "params": {"url": "ORDERS/orders/{{trigger.body.orderId}}"}},
                  {"id": "tell", "type": "slack.postMessage", "params": {"webhookUrl": "SLACK/services/T1/B1/x",
                     "text": "Order {{trigger.body.orderId}} paid by {{steps.order.output.body.customer}}"}},
                  {"id": "receipt", "type": "email.send", "connection": "SMTP_ID", "params": {"to": "{{steps.order.output.body.email}}",
                     "from": "Shop <shop@example.com>", "subject": "Receipt for order {{trigger.body.orderId}}",
                     "text": "Thank you, {{steps.order.output.body.customer}}."}}],
                 "edges": [{"from": "hook", "to": "order"}, {"from": "order", "to": "tell"}, {"from": "tell", "to": "receipt"}]}
                """.replace("SECRET", secret).replace("SMTP_ID", smtp).replace("ORDERS", orders.url()).replace("SLACK", slack.url());
        var created = api.call("POST", "/api/v1/workflows", definition, key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String workflow = json.readTree(created.body()).get("id").asText();
        api.call("POST", "/api/v1/workflows/" + workflow + "/publish", null, key);
        String url = json.readTree(api.call("GET", "/api/v1/workflows/" + workflow + "/webhook", null, key).body()).get("url").asText();
        url = "http://127.0.0.1:" + port + url.substring(url.indexOf("/hooks/"));

        orders.answerJson(200, "{\"id\": \"A-1001\", \"customer\": \"Ada Lovelace\", \"email\": \"ada@example.com\", \"total\": 99.5}");
        slack.answer(new ReplayServer.Canned(200, "text/plain", "ok", Map.of()));
        String body = "{\"orderId\": \"A-1001\", \"status\": \"paid\"}";
        String signature = java.util.HexFormat.of().formatHex(io.flowmeter.trigger.webhook.WebhookSignatures.hmac(
                "shop-webhook-secret".getBytes(), body.getBytes()));
        var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("X-Shop-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String runId = json.readTree(answer.body()).get("runId").asText();

        JsonNode run = api.awaitRun(runId, key);
        assertThat(run.at("/run/status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");

        assertThat(orders.last().pathAndQuery()).isEqualTo("/orders/A-1001");
        assertThat(json.readTree(slack.last().body()).get("text").asText()).isEqualTo("Order A-1001 paid by Ada Lovelace");
        assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
        var receipts = java.util.Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().equals("Receipt for order A-1001");
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
        assertThat(receipts).hasSize(1);
        assertThat(receipts.get(0).getAllRecipients()[0].toString()).isEqualTo("ada@example.com");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(receipts.get(0))).contains("Thank you, Ada Lovelace.");
    }

    private String connection(String kind, Map<String, String> values) throws Exception {
        var created = api.call("POST", "/api/v1/connections", json.writeValueAsString(Map.of("connector", "http", "name", kind + " account",
                "authKind", kind, "values", values)), key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asText();
    }
}
