package io.flowmeter.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.connector.discord.DiscordConnector;
import io.flowmeter.connector.github.GitHubConnector;
import io.flowmeter.connector.llm.LlmConnector;
import io.flowmeter.connector.slack.SlackConnector;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.connector.spi.StepContext;
import io.flowmeter.connector.spi.StepLogger;
import io.flowmeter.connector.stripe.StripeConnector;
import io.flowmeter.connector.util.UtilConnector;
import io.flowmeter.support.ReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each catalog connector against a local server that replays the vendor's documented responses, asserting the
 * exact request we send (method, path, headers, body) and how errors map to retryable, unauthorized or permanent.
 */
class ConnectorCatalogTest {

    final ObjectMapper json = new ObjectMapper();
    ReplayServer vendor;

    @BeforeEach
    void start() throws Exception {
        vendor = new ReplayServer();
    }

    @AfterEach
    void stop() {
        vendor.close();
    }

    static ActionRequest request(Map<String, Object> params, Credentials credentials) {
        return new ActionRequest(params, credentials, "idem-key-1", new StepLogger() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
            }
        }, Duration.ofSeconds(5), new StepContext() {
            @Override
            public UUID tenantId() {
                return UUID.randomUUID();
            }

            @Override
            public UUID runId() {
                return UUID.randomUUID();
            }

            @Override
            public String nodeId() {
                return "step";
            }

            @Override
            public int attempt() {
                return 1;
            }

            @Override
            public UUID startChildRun(UUID workflowId, Map<String, Object> input) {
                throw new UnsupportedOperationException();
            }
        });
    }

    static Object output(Connector connector, String action, Map<String, Object> params, Credentials credentials) throws ActionException {
        return ((ActionResult.Completed) connector.execute(action, request(params, credentials))).output();
    }

    JsonNode tree(String text) throws Exception {
        return json.readTree(text);
    }

    JsonNode body() throws Exception {
        return json.readTree(vendor.last().body());
    }

    static final Credentials OAUTH = new Credentials(Map.of("accessToken", "xoxb-oauth-token"), true);

    @Test
    void slackPostsUpdatesListsAndMapsItsErrors() throws Exception {
        var slack = new SlackConnector(vendor.url() + "/api");
        vendor.answerJson(200, """
                {"ok": true, "channel": "C123ABC456", "ts": "1503435956.000247",
                 "message": {"text": "Deploy finished", "type": "message", "ts": "1503435956.000247"}}
                """);
        var posted = output(slack, "postMessage", Map.of("channel", "C123ABC456", "text", "Deploy finished", "threadTs", "1503435950.000100"), OAUTH);
        assertThat(posted).isEqualTo(Map.of("channel", "C123ABC456", "ts", "1503435956.000247"));
        assertThat(vendor.last().method()).isEqualTo("POST");
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/api/chat.postMessage");
        assertThat(vendor.last().header("Authorization")).isEqualTo("Bearer xoxb-oauth-token");
        assertThat(vendor.last().header("Content-Type")).isEqualTo("application/json");
        assertThat(body()).isEqualTo(tree("{\"text\":\"Deploy finished\",\"channel\":\"C123ABC456\",\"thread_ts\":\"1503435950.000100\"}"));

        vendor.answerJson(200, "{\"ok\": true, \"channel\": \"C123ABC456\", \"ts\": \"1503435956.000247\", \"text\": \"Updated\"}");
        output(slack, "updateMessage", Map.of("channel", "C123ABC456", "ts", "1503435956.000247", "text", "Updated"), OAUTH);
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/api/chat.update");
        assertThat(body()).isEqualTo(tree("{\"channel\":\"C123ABC456\",\"ts\":\"1503435956.000247\",\"text\":\"Updated\"}"));

        vendor.answerJson(200, """
                {"ok": true, "channels": [{"id": "C012AB3CD", "name": "general", "is_channel": true}],
                 "response_metadata": {"next_cursor": "dGVhbTpDMDYxRkE1UEI="}}
                """);
        @SuppressWarnings("unchecked")
        var listed = (Map<String, Object>) output(slack, "listChannels", Map.of("limit", 20), OAUTH);
        assertThat(vendor.last().method()).isEqualTo("GET");
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/api/conversations.list?limit=20&types=public_channel");
        assertThat(listed.get("nextCursor")).isEqualTo("dGVhbTpDMDYxRkE1UEI=");
        assertThat((List<?>) listed.get("channels")).hasSize(1);

        // Slack's errors arrive as HTTP 200 with ok=false
        vendor.answerJson(200, "{\"ok\": false, \"error\": \"channel_not_found\"}");
        assertThatThrownBy(() -> output(slack, "postMessage", Map.of("channel", "C404", "text", "x"), OAUTH))
                .isInstanceOf(ActionException.class).hasMessage("Slack: channel_not_found")
                .satisfies(e -> assertThat(((ActionException) e).retryable()).isFalse());
        vendor.answerJson(200, "{\"ok\": false, \"error\": \"token_expired\"}");
        assertThatThrownBy(() -> output(slack, "postMessage", Map.of("channel", "C1", "text", "x"), OAUTH))
                .satisfies(e -> assertThat(((ActionException) e).unauthorized()).isTrue());
        vendor.answer(new ReplayServer.Canned(429, "application/json", "{\"ok\": false, \"error\": \"ratelimited\"}", Map.of("Retry-After", "30")));
        assertThatThrownBy(() -> output(slack, "postMessage", Map.of("channel", "C1", "text", "x"), OAUTH))
                .satisfies(e -> {
                    assertThat(((ActionException) e).retryable()).isTrue();
                    assertThat(((ActionException) e).retryAfter()).isEqualTo(Duration.ofSeconds(30));
                });

        // an incoming webhook needs no connection
        vendor.answer(new ReplayServer.Canned(200, "text/html", "ok", Map.of()));
        assertThat(output(slack, "postMessage", Map.of("webhookUrl", vendor.url() + "/services/T000/B000/XXXX", "text", "Hi"), null))
                .isEqualTo(Map.of("ok", true));
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/services/T000/B000/XXXX");
        assertThat(body()).isEqualTo(tree("{\"text\":\"Hi\"}"));
        assertThatThrownBy(() -> output(slack, "postMessage", Map.of("channel", "C1", "text", "x"), null))
                .hasMessageContaining("Choose a Slack connection");
    }

    @Test
    void discordPostsThroughAWebhook() throws Exception {
        var discord = new DiscordConnector();
        vendor.answerJson(200, "{\"id\": \"1234567890\", \"channel_id\": \"987\", \"content\": \"Build green\", \"type\": 0}");
        var posted = output(discord, "postMessage", Map.of("webhookUrl", vendor.url() + "/api/webhooks/1/tok", "content", "Build green",
                "username", "Flowmeter"), null);
        assertThat(posted).isEqualTo(Map.of("id", "1234567890", "channelId", "987"));
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/api/webhooks/1/tok?wait=true");
        assertThat(body()).isEqualTo(tree("{\"content\":\"Build green\",\"username\":\"Flowmeter\"}"));
        vendor.answer(new ReplayServer.Canned(429, "application/json", "{\"message\": \"You are being rate limited.\", \"retry_after\": 1.5, \"global\": false}",
                Map.of("Retry-After", "2")));
        assertThatThrownBy(() -> output(discord, "postMessage", Map.of("webhookUrl", vendor.url() + "/api/webhooks/1/tok", "content", "x"), null))
                .hasMessageContaining("You are being rate limited").satisfies(e -> assertThat(((ActionException) e).retryable()).isTrue());
        assertThatThrownBy(() -> output(discord, "postMessage", Map.of("webhookUrl", vendor.url(), "content", "x".repeat(2001)), null))
                .hasMessageContaining("2000");
    }

    @Test
    void githubCreatesIssuesAndComments() throws Exception {
        var github = new GitHubConnector(vendor.url());
        var token = new Credentials(Map.of("token", "ghp_personal"));
        vendor.answerJson(201, """
                {"id": 1, "number": 1347, "title": "Found a bug", "state": "open",
                 "html_url": "https://github.com/octocat/Hello-World/issues/1347"}
                """);
        var issue = output(github, "createIssue", Map.of("owner", "octocat", "repo", "Hello-World", "title", "Found a bug",
                "body", "I'm having a problem with this.", "labels", List.of("bug")), token);
        assertThat(issue).isEqualTo(Map.of("id", 1, "number", 1347, "url", "https://github.com/octocat/Hello-World/issues/1347"));
        var sent = vendor.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.pathAndQuery()).isEqualTo("/repos/octocat/Hello-World/issues");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer ghp_personal");
        assertThat(sent.header("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(sent.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        assertThat(body()).isEqualTo(tree("{\"title\":\"Found a bug\",\"body\":\"I'm having a problem with this.\",\"labels\":[\"bug\"]}"));

        vendor.answerJson(201, "{\"id\": 1, \"body\": \"Me too\", \"html_url\": \"https://github.com/octocat/Hello-World/issues/1347#issuecomment-1\"}");
        output(github, "comment", Map.of("owner", "octocat", "repo", "Hello-World", "issueNumber", 1347, "body", "Me too"), token);
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/repos/octocat/Hello-World/issues/1347/comments");
        assertThat(body()).isEqualTo(tree("{\"body\":\"Me too\"}"));

        vendor.answerJson(404, "{\"message\": \"Not Found\", \"documentation_url\": \"https://docs.github.com/rest\"}");
        assertThatThrownBy(() -> output(github, "createIssue", Map.of("owner", "octocat", "repo", "nope", "title", "x"), token))
                .hasMessage("GitHub refused the request (HTTP 404): Not Found");
        assertThatThrownBy(() -> output(github, "createIssue", Map.of("owner", "../admin", "repo", "x", "title", "x"), token))
                .hasMessageContaining("GitHub name");
        // the "new issue" poller: newest first, pull requests left out
        vendor.answerJson(200, "[{\"id\": 3, \"number\": 3, \"title\": \"Crash\"}, {\"id\": 2, \"number\": 2, \"title\": \"A PR\", "
                + "\"pull_request\": {\"url\": \"x\"}}, {\"id\": 1, \"number\": 1, \"title\": \"Typo\"}]");
        var polled = github.poll("newIssues", Map.of("owner", "octocat", "repo", "Hello-World"), token, null, Duration.ofSeconds(5));
        assertThat(polled.items()).extracting(i -> i.id()).containsExactly("3", "1");
        assertThat(vendor.last().method()).isEqualTo("GET");
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/repos/octocat/Hello-World/issues?state=all&sort=created&direction=desc&per_page=50");
        assertThat(vendor.last().header("Authorization")).isEqualTo("Bearer ghp_personal");

        vendor.answerJson(401, "{\"message\": \"Bad credentials\"}");
        assertThatThrownBy(() -> output(github, "createIssue", Map.of("owner", "o", "repo", "r", "title", "x"), token))
                .satisfies(e -> assertThat(((ActionException) e).unauthorized()).isTrue());
    }

    @Test
    void stripeRetrievesCustomersAndPayments() throws Exception {
        var stripe = new StripeConnector(vendor.url());
        var key = new Credentials(Map.of("token", "sk_test_123"));
        vendor.answerJson(200, "{\"id\": \"cus_NffrFeUfNV2Hib\", \"object\": \"customer\", \"email\": \"jennyrosen@example.com\", \"name\": \"Jenny Rosen\"}");
        @SuppressWarnings("unchecked")
        var customer = (Map<String, Object>) output(stripe, "retrieveCustomer", Map.of("customerId", "cus_NffrFeUfNV2Hib"), key);
        assertThat(customer.get("email")).isEqualTo("jennyrosen@example.com");
        assertThat(vendor.last().method()).isEqualTo("GET");
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/v1/customers/cus_NffrFeUfNV2Hib");
        assertThat(vendor.last().header("Authorization")).isEqualTo("Bearer sk_test_123");

        vendor.answerJson(200, "{\"id\": \"pi_3MtwBwLkdIwHu7ix28a3tqPa\", \"object\": \"payment_intent\", \"amount\": 2000, \"currency\": \"usd\", \"status\": \"succeeded\"}");
        @SuppressWarnings("unchecked")
        var payment = (Map<String, Object>) output(stripe, "retrievePayment", Map.of("paymentIntentId", "pi_3MtwBwLkdIwHu7ix28a3tqPa"), key);
        assertThat(payment.get("amount")).isEqualTo(2000);
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/v1/payment_intents/pi_3MtwBwLkdIwHu7ix28a3tqPa");

        vendor.answerJson(404, "{\"error\": {\"code\": \"resource_missing\", \"message\": \"No such customer: 'cus_missing'\", \"type\": \"invalid_request_error\"}}");
        assertThatThrownBy(() -> output(stripe, "retrieveCustomer", Map.of("customerId", "cus_missing"), key))
                .hasMessage("Stripe refused the request (HTTP 404): No such customer: 'cus_missing'");
        assertThatThrownBy(() -> output(stripe, "retrieveCustomer", Map.of("customerId", "pi_wrongkind"), key)).hasMessageContaining("cus_");
    }

    @Test
    void llmsRecordModelAndTokenCountsAndParseJson() throws Exception {
        var llm = new LlmConnector(vendor.url() + "/v1", vendor.url() + "/anthropic/v1");
        var openAiKey = new Credentials(Map.of("token", "sk-openai"));
        vendor.answerJson(200, """
                {"id": "chatcmpl-abc123", "object": "chat.completion", "created": 1741569952, "model": "gpt-4o-mini-2024-07-18",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "```json\\n{\\"sentiment\\": \\"positive\\"}\\n```"},
                              "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29}}
                """);
        @SuppressWarnings("unchecked")
        var chat = (Map<String, Object>) output(llm, "chat", Map.of("model", "gpt-4o-mini", "system", "Classify sentiment.",
                "prompt", "I love it", "json", true, "temperature", 0), openAiKey);
        assertThat(chat.get("json")).isEqualTo(Map.of("sentiment", "positive"));
        assertThat(chat).containsEntry("model", "gpt-4o-mini-2024-07-18").containsEntry("inputTokens", 19L)
                .containsEntry("outputTokens", 10L).containsEntry("finishReason", "stop");
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/v1/chat/completions");
        assertThat(vendor.last().header("Authorization")).isEqualTo("Bearer sk-openai");
        assertThat(body()).isEqualTo(tree("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"Classify sentiment.\"},"
                + "{\"role\":\"user\",\"content\":\"I love it\"}],\"max_tokens\":1024,\"temperature\":0.0,\"response_format\":{\"type\":\"json_object\"}}"));

        // a local OpenAI-compatible server, no key
        vendor.answerJson(200, "{\"model\": \"llama3.2\", \"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"Hi!\"}, \"finish_reason\": \"stop\"}],"
                + " \"usage\": {\"prompt_tokens\": 3, \"completion_tokens\": 2}}");
        @SuppressWarnings("unchecked")
        var local = (Map<String, Object>) output(llm, "chat", Map.of("model", "llama3.2", "prompt", "Hello", "baseUrl", vendor.url() + "/local/v1"), null);
        assertThat(local.get("text")).isEqualTo("Hi!");
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/local/v1/chat/completions");
        assertThat(vendor.last().header("Authorization")).isNull();

        vendor.answerJson(200, """
                {"id": "msg_013Zva2CMHLNnXjNJJKqJ2EF", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
                 "content": [{"type": "text", "text": "Hi! My name is Claude."}], "stop_reason": "end_turn",
                 "usage": {"input_tokens": 2095, "output_tokens": 503}}
                """);
        @SuppressWarnings("unchecked")
        var claude = (Map<String, Object>) output(llm, "anthropic", Map.of("model", "claude-sonnet-4-5", "prompt", "Hello, Claude",
                "maxTokens", 1024), new Credentials(Map.of("headerName", "x-api-key", "headerValue", "sk-ant-key")));
        assertThat(claude).containsEntry("text", "Hi! My name is Claude.").containsEntry("inputTokens", 2095L)
                .containsEntry("outputTokens", 503L).containsEntry("model", "claude-sonnet-4-5-20250929").containsEntry("finishReason", "end_turn");
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/anthropic/v1/messages");
        assertThat(vendor.last().header("x-api-key")).isEqualTo("sk-ant-key");
        assertThat(vendor.last().header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(body()).isEqualTo(tree("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello, Claude\"}]}"));

        vendor.answerJson(529, "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}");
        assertThatThrownBy(() -> output(llm, "anthropic", Map.of("model", "m", "prompt", "x"), new Credentials(Map.of("token", "k"))))
                .hasMessageContaining("Overloaded").satisfies(e -> assertThat(((ActionException) e).retryable()).isTrue());
        vendor.answerJson(200, "{\"choices\": [{\"message\": {\"content\": \"not json\"}}]}");
        assertThatThrownBy(() -> output(llm, "chat", Map.of("model", "m", "prompt", "x", "json", true), openAiKey))
                .hasMessageContaining("valid JSON");
        assertThatThrownBy(() -> output(llm, "chat", Map.of("model", "m"), openAiKey)).hasMessageContaining("prompt or messages");
    }

    @Test
    void googleSheetsAndGmail() throws Exception {
        var google = new io.flowmeter.connector.google.GoogleConnector(vendor.url() + "/v4", vendor.url() + "/gmail/v1");
        var oauth = new Credentials(Map.of("accessToken", "ya29.token"), true);
        String sheet = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";
        vendor.answerJson(200, """
                {"spreadsheetId": "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms", "tableRange": "Sheet1!A1:C4",
                 "updates": {"updatedRange": "Sheet1!A5:C5", "updatedRows": 1, "updatedColumns": 3, "updatedCells": 3}}
                """);
        assertThat(output(google, "sheetsAppendRow", Map.of("spreadsheetId", sheet, "range", "Sheet1!A:C",
                "values", List.of("Ada", "ada@example.com", 42)), oauth)).isEqualTo(Map.of("updatedRange", "Sheet1!A5:C5"));
        assertThat(vendor.last().method()).isEqualTo("POST");
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/v4/spreadsheets/" + sheet
                + "/values/Sheet1%21A%3AC:append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS");
        assertThat(vendor.last().header("Authorization")).isEqualTo("Bearer ya29.token");
        assertThat(body()).isEqualTo(tree("{\"values\": [[\"Ada\", \"ada@example.com\", 42]]}"));

        vendor.answerJson(200, """
                {"range": "Sheet1!A1:C3", "majorDimension": "ROWS",
                 "values": [["Name", "Email", "Score"], ["Ada", "ada@example.com", "42"], ["Grace", "grace@example.com"]]}
                """);
        assertThat(output(google, "sheetsReadRows", Map.of("spreadsheetId", sheet, "range", "Sheet1!A1:C3"), oauth)).isEqualTo(Map.of("rows", List.of(
                Map.of("Name", "Ada", "Email", "ada@example.com", "Score", "42"), Map.of("Name", "Grace", "Email", "grace@example.com", "Score", ""))));
        assertThat(vendor.last().method()).isEqualTo("GET");

        vendor.answerJson(200, "{\"spreadsheetId\": \"x\", \"updatedRange\": \"Sheet1!A2:C2\", \"updatedRows\": 1, \"updatedCells\": 3}");
        output(google, "sheetsUpdateRow", Map.of("spreadsheetId", sheet, "range", "Sheet1!A2:C2", "values", List.of("Ada", "ada@example.com", 43)), oauth);
        assertThat(vendor.last().method()).isEqualTo("PUT");
        assertThat(vendor.last().pathAndQuery()).endsWith("/values/Sheet1%21A2%3AC2?valueInputOption=USER_ENTERED");

        // the new-row poller: row numbers are the ids
        vendor.answerJson(200, "{\"range\": \"Sheet1!A1:B3\", \"values\": [[\"Name\", \"Email\"], [\"Ada\", \"a@x\"], [\"Grace\", \"g@x\"]]}");
        var polled = google.poll("sheetsNewRow", Map.of("spreadsheetId", sheet, "range", "Sheet1!A:B"), oauth, null, Duration.ofSeconds(5));
        assertThat(polled.items()).extracting(i -> i.id()).containsExactly("row-3", "row-2");
        assertThat(polled.items().get(1).data()).isEqualTo(Map.of("Name", "Ada", "Email", "a@x"));

        vendor.answerJson(200, "{\"id\": \"18c1f2e3a4b5c6d7\", \"threadId\": \"18c1f2e3a4b5c6d7\", \"labelIds\": [\"SENT\"]}");
        assertThat(output(google, "gmailSend", Map.of("to", "ada@example.com", "subject", "Hello", "text", "Hi Ada"), oauth))
                .isEqualTo(Map.of("id", "18c1f2e3a4b5c6d7", "threadId", "18c1f2e3a4b5c6d7"));
        assertThat(vendor.last().pathAndQuery()).isEqualTo("/gmail/v1/users/me/messages/send");
        String raw = new String(java.util.Base64.getUrlDecoder().decode(body().get("raw").asText()), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(raw).contains("To: ada@example.com").contains("Subject: Hello").contains("Hi Ada");

        vendor.answerJson(403, "{\"error\": {\"code\": 403, \"message\": \"The caller does not have permission\", \"status\": \"PERMISSION_DENIED\"}}");
        assertThatThrownBy(() -> output(google, "sheetsReadRows", Map.of("spreadsheetId", sheet), oauth))
                .hasMessage("Google Sheets refused the request (HTTP 403): The caller does not have permission");
        assertThatThrownBy(() -> output(google, "sheetsReadRows", Map.of("spreadsheetId", "../x"), oauth)).hasMessageContaining("spreadsheetId");
    }

    @Test
    void utilities() throws Exception {
        var util = new UtilConnector();
        assertThat(output(util, "jsonParse", Map.of("text", "{\"a\": [1, 2]}"), null)).isEqualTo(Map.of("value", Map.of("a", List.of(1, 2))));
        assertThatThrownBy(() -> output(util, "jsonParse", Map.of("text", "{oops"), null)).hasMessageContaining("Not valid JSON");
        assertThat(output(util, "jsonStringify", Map.of("value", Map.of("a", 1)), null)).isEqualTo(Map.of("text", "{\"a\":1}"));
        assertThat(output(util, "dateFormat", Map.of("value", "2026-03-29T01:30:00Z", "pattern", "yyyy-MM-dd HH:mm z",
                "timezone", "Europe/Berlin"), null)).isEqualTo(Map.of("text", "2026-03-29 03:30 CEST"));
        assertThat(output(util, "dateAdd", Map.of("value", "2026-01-31T09:00:00Z", "duration", "-PT30M"), null))
                .isEqualTo(Map.of("value", "2026-01-31T08:30:00Z"));
        assertThatThrownBy(() -> output(util, "dateAdd", Map.of("value", "yesterday", "duration", "P1D"), null)).hasMessageContaining("ISO-8601");
        @SuppressWarnings("unchecked")
        var found = (Map<String, Object>) output(util, "regexExtract", Map.of("text", "Order #123 and order #456", "pattern", "order #(\\d+)",
                "ignoreCase", true), null);
        assertThat(found).containsEntry("match", "Order #123").containsEntry("groups", List.of("123"))
                .containsEntry("all", List.of("Order #123", "order #456"));
        assertThatThrownBy(() -> output(util, "regexExtract", Map.of("text", "a".repeat(30), "pattern", "(.*a){20}x"), null))
                .hasMessageContaining("too long");
        assertThat(output(util, "split", Map.of("text", " a, b,,c "), null)).isEqualTo(Map.of("items", List.of("a", "b", "c")));
        assertThat(output(util, "join", Map.of("items", List.of("a", 1, Map.of("k", "v")), "separator", " | "), null))
                .isEqualTo(Map.of("text", "a | 1 | {\"k\":\"v\"}"));
        assertThat(output(util, "math", Map.of("operation", "add", "a", "0.1", "b", "0.2"), null)).isEqualTo(Map.of("value", 0.3));
        assertThat(output(util, "math", Map.of("operation", "divide", "a", 10, "b", 4), null)).isEqualTo(Map.of("value", 2.5));
        assertThat(output(util, "math", Map.of("operation", "sum", "values", List.of(1, 2, 3.5)), null)).isEqualTo(Map.of("value", 6.5));
        assertThat(output(util, "math", Map.of("operation", "round", "a", 2.345, "b", 2), null)).isEqualTo(Map.of("value", 2.35));
        assertThatThrownBy(() -> output(util, "math", Map.of("operation", "divide", "a", 1, "b", 0), null)).hasMessageContaining("zero");
        assertThatThrownBy(() -> output(util, "math", Map.of("operation", "add", "a", "x", "b", 1), null)).hasMessageContaining("not a number");
    }

    @Test
    void listFilterMapAndLoop() throws Exception {
        var util = new UtilConnector();
        List<Map<String, Object>> orders = List.of(
                Map.of("id", "a", "total", 120, "customer", Map.of("email", "ada@example.com", "tags", List.of("vip"))),
                Map.of("id", "b", "total", "99.5", "customer", Map.of("email", "bob@example.com", "tags", List.of())),
                Map.of("id", "c", "total", 10, "customer", Map.of()));
        assertThat(output(util, "filter", Map.of("items", orders, "field", "total", "operator", "greaterThan", "value", "99"), null))
                .isEqualTo(Map.of("items", orders.subList(0, 2), "count", 2)); // "99.5" and 120 compare as numbers
        assertThat(output(util, "filter", Map.of("items", orders, "field", "total", "operator", "equals", "value", "10.0"), null))
                .isEqualTo(Map.of("items", orders.subList(2, 3), "count", 1));
        assertThat(output(util, "filter", Map.of("items", orders, "field", "customer.email", "operator", "notExists"), null))
                .isEqualTo(Map.of("items", orders.subList(2, 3), "count", 1));
        assertThat(output(util, "filter", Map.of("items", orders, "field", "customer.tags", "operator", "contains", "value", "vip"), null))
                .isEqualTo(Map.of("items", orders.subList(0, 1), "count", 1));
        assertThat(output(util, "filter", Map.of("items", orders, "field", "customer.tags", "operator", "truthy"), null))
                .isEqualTo(Map.of("items", orders.subList(0, 1), "count", 1));
        assertThat(output(util, "filter", Map.of("items", "[1, 5, 12]", "operator", "lessThan", "value", 6), null))
                .isEqualTo(Map.of("items", List.of(1, 5), "count", 2)); // JSON text of a list is read as the list
        assertThatThrownBy(() -> output(util, "filter", Map.of("items", Map.of("a", 1)), null)).hasMessageContaining("'items' must be a list, got an object");
        assertThatThrownBy(() -> output(util, "filter", Map.of("items", List.of(), "operator", "like"), null)).hasMessageContaining("'operator' is one of");

        assertThat(output(util, "map", Map.of("items", orders.subList(0, 2), "fields", Map.of("email", "customer.email", "firstTag", "customer.tags.0")), null))
                .isEqualTo(Map.of("items", List.of(Map.of("email", "ada@example.com", "firstTag", "vip"),
                        new java.util.HashMap<>(Map.of("email", "bob@example.com")) {{ put("firstTag", null); }})));
        assertThatThrownBy(() -> output(util, "map", Map.of("items", List.of(), "fields", "email"), null)).hasMessageContaining("'fields' maps each new name");
        assertThat(util.validate("map", Map.of("fields", "email"))).containsKey("fields");

        var loop = (ActionResult.Loop) util.execute("loop", request(Map.of("items", List.of(1, 2, 3), "concurrency", "3"), null));
        assertThat(loop.items()).containsExactly(1, 2, 3);
        assertThat(loop.concurrency()).isEqualTo(3);
        assertThat(loop.continueOnError()).isFalse();
        assertThat(((ActionResult.Loop) util.execute("loop", request(Map.of("items", List.of()), null))).concurrency()).isEqualTo(5);
        assertThatThrownBy(() -> util.execute("loop", request(Map.of("items", java.util.Collections.nCopies(1_001, 1)), null)))
                .hasMessageContaining("at most 1000 items; this list has 1001");
        assertThatThrownBy(() -> util.execute("loop", request(Map.of("items", List.of(1), "concurrency", 0), null)))
                .hasMessageContaining("from 1 to 20");
        assertThat(util.validate("loop", Map.of("concurrency", "2.5"))).containsEntry("concurrency", "'concurrency' is a whole number from 1 to 20");
        assertThat(util.validate("loop", Map.of("concurrency", "{{trigger.n}}"))).isEmpty();
    }
}
