package io.flowmeter.workflow.gallery;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Describe it" against a local server replaying OpenAI's documented chat-completions answer: a valid answer becomes
 * a draft; an answer that is not JSON is asked again once; an answer with an unknown step type, twice, is refused with
 * the validator's message.
 */
class AiDraftsIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired ObjectMapper json;

    ApiClient api;
    String key;
    ReplayServer model;

    public static final String VALID = """
            {"name": "Stripe payments to Sales and #sales",
             "nodes": [{"id": "payment", "type": "trigger.webhook", "name": "Payment succeeded", "params": {"methods": ["POST"]}},
                       {"id": "row", "type": "google.sheetsAppendRow", "name": "Add to Sales",
                        "params": {"spreadsheetId": "REPLACE-WITH-YOUR-SHEET-ID", "range": "Sales!A:C",
                                   "values": ["{{trigger.body.data.object.id}}", "{{trigger.body.data.object.amount}}"]}},
                       {"id": "tell", "type": "slack.postMessage", "name": "Tell #sales",
                        "params": {"channel": "#sales", "text": "Payment {{trigger.body.data.object.id}}"}}],
             "edges": [{"from": "payment", "to": "row"}, {"from": "row", "to": "tell"}]}""";

    static final String UNKNOWN_TYPE = """
            {"name": "x", "nodes": [{"id": "t", "type": "trigger.webhook"}, {"id": "charge", "type": "stripe.createCharge", "params": {}}],
             "edges": [{"from": "t", "to": "charge"}]}""";

    static String completion(String content) {
        return io.flowmeter.support.ChatCompletions.answer(content);
    }

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiClient(port);
        key = data.apiKeyFor(data.newTenant("ai-draft"));
        model = new ReplayServer();
    }

    @AfterEach
    void stop() {
        model.close();
    }

    String request(String description) throws Exception {
        return json.writeValueAsString(java.util.Map.of("description", description, "model", "gpt-4o-mini", "baseUrl", model.url() + "/v1"));
    }

    @Test
    void aValidAnswerBecomesADraftOnTheCanvas() throws Exception {
        model.answerJson(200, completion(VALID));
        var answer = api.call("POST", "/api/v1/workflows/draft",
                request("When a Stripe payment succeeds, add a row to our Sales sheet and tell #sales in Slack"), key);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        String id = api.body(answer).get("id").asText();
        JsonNode draft = api.body(api.call("GET", "/api/v1/workflows/" + id + "/export", null, key));
        assertThat(draft.get("name").asText()).isEqualTo("Stripe payments to Sales and #sales");
        assertThat(draft.get("nodes")).hasSize(3);
        assertThat(draft.get("nodes").get(2).get("position").get("x").asDouble()).isEqualTo(600);
        // nothing is published
        assertThat(api.body(api.call("GET", "/api/v1/workflows/" + id, null, key)).get("latestVersion").isNull()).isTrue();
        // the model was told the step types and asked for JSON
        var sent = json.readTree(model.last().body());
        assertThat(sent.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.toString()).contains("google.sheetsAppendRow").contains("Tell #sales in Slack".toLowerCase().substring(0, 4));
    }

    @Test
    void anAnswerThatIsNotJsonIsAskedAgainOnce() throws Exception {
        model.answerJson(200, completion("Sure! Here is your workflow: first a webhook, then a sheet."));
        model.answerJson(200, completion(VALID));
        var answer = api.call("POST", "/api/v1/workflows/draft", request("Payments to a sheet and Slack"), key);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(model.requests()).hasSize(2);
        assertThat(model.requests().get(1).body()).contains("Your previous answer had these problems");
    }

    @Test
    void anUnknownStepTypeTwiceIsRefusedWithTheReason() throws Exception {
        model.answerJson(200, completion(UNKNOWN_TYPE));
        model.answerJson(200, completion(UNKNOWN_TYPE));
        var answer = api.call("POST", "/api/v1/workflows/draft", request("Charge the customer"), key);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        assertThat(answer.body()).contains("Unknown step type 'stripe.createCharge'").contains("twice");
        assertThat(model.requests()).hasSize(2);
        assertThat(api.body(api.call("GET", "/api/v1/workflows", null, key)).get("items")).isEmpty();

        assertThat(api.call("POST", "/api/v1/workflows/draft", "{\"description\": \"\", \"model\": \"gpt-4o-mini\"}", key).statusCode()).isEqualTo(400);
        assertThat(api.call("POST", "/api/v1/workflows/draft", "{\"description\": \"x\"}", key).statusCode()).isEqualTo(400);
    }
}
