package io.flowmeter.e2e;

import com.microsoft.playwright.Locator;
import io.flowmeter.support.BrowserTest;
import io.flowmeter.support.ChatCompletions;
import io.flowmeter.support.ReplayServer;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starting fast as a user does it: a template from the library filled in, tested and published; and a workflow
 * described in a sentence, drafted by the model (a local server replaying OpenAI's documented answer) onto the canvas.
 */
class NewWorkflowE2ETest extends BrowserTest {

    @Autowired TestData data;

    static final String DRAFT = """
            {"name": "Payments to Slack",
             "nodes": [{"id": "payment", "type": "trigger.webhook", "name": "Payment succeeded", "params": {"methods": ["POST"]}},
                       {"id": "tell", "type": "slack.postMessage", "name": "Tell #sales", "params": {"channel": "#sales", "text": "Paid: {{trigger.body.id}}"}}],
             "edges": [{"from": "payment", "to": "tell"}]}""";

    @Test
    void aTemplateIsFilledInTestedAndPublishedAndADescriptionBecomesADraft() throws Exception {
        var owner = data.newTenant("new-e2e");
        page.navigate(url("/workflows"));
        signIn(page, owner.user().getEmail(), TestData.PASSWORD);
        page.navigate(url("/workflows"));

        // a template: Release → Discord, its webhook address filled in, tested, published
        page.locator("#workflow-template-first").click();
        page.locator("#template-deploy-to-discord").click();
        page.waitForURL(u -> u.matches(".*/workflows/[0-9a-f-]{36}$"));
        assertThat(page.locator(".react-flow__node")).hasCount(2);
        page.locator(".react-flow__node[data-id='announce'] .fm-node-name").click();
        page.locator("#param-webhookUrl input").fill(VENDORS.url() + "/discord/api/webhooks/1189391450112344064/e2e");
        page.locator("#param-webhookUrl input").press("Tab");
        page.locator("#builder-test-run").click();
        assertThat(page.locator("vaadin-notification-card").last()).containsText("Test finished: 2 succeeded, 0 failed");
        screenshot("template-tested");
        page.locator("#builder-publish").click();
        page.locator("#publish-confirm").click();
        assertThat(page.locator("vaadin-notification-card").last()).containsText("Published version 1");
        assertThat(VENDORS.requests("/discord/api/webhooks/1189391450112344064/e2e")).isNotEmpty();

        // described in a sentence, drafted by the model
        try (var model = new ReplayServer()) {
            model.answerJson(200, ChatCompletions.answer(DRAFT));
            page.navigate(url("/workflows"));
            page.locator("#workflow-new").click();
            page.locator("#new-describe textarea").fill("When a Stripe payment succeeds, tell #sales in Slack");
            page.locator("#new-base-url input").fill(model.url() + "/v1");
            page.locator("#new-draft").click();
            page.waitForURL(u -> u.matches(".*/workflows/[0-9a-f-]{36}$"));
            assertThat(page.locator(".react-flow__node")).hasCount(2);
            assertThat(page.locator(".react-flow__node").filter(new Locator.FilterOptions().setHasText("Tell #sales"))).hasCount(1);
            page.waitForTimeout(400);
            screenshot("described-draft");
            assertThat(model.last().body()).contains("tell #sales in Slack");
        }
    }
}
