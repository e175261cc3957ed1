package io.flowmeter.workflow.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.Inbox;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every template of the library, run end to end as a user would after choosing it: each step given a connection of
 * its service, the placeholders for the organization's own addresses pointed at local stand-ins (Stripe, GitHub,
 * Google Sheets, OpenAI, Discord and a plain API: {@code VendorStandIn}; Slack: the replay server; email: GreenMail),
 * published, run with its trigger's sample input; the run succeeds and the vendors got the calls the template makes.
 */
class WorkflowTemplatesRunIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired WorkflowTemplates templates;
    @Autowired ConnectionService connections;
    @Autowired ObjectMapper json;

    TestData.Owner owner;
    String key;
    ApiClient api;
    final Map<String, UUID> connectionOf = new HashMap<>();

    @BeforeEach
    void organization() {
        owner = data.newTenant("templates-run");
        key = data.apiKeyFor(owner);
        api = new ApiClient(port);
        SMTP.setUser("templates@example.com", "templates", "template-mail-1");
        TenantContext.runAsTenant(owner.tenantId(), () -> {
            connectionOf.put("stripe", connections.create("stripe", "Stripe", AuthKind.BEARER, Map.of("token", "sk_test_51TemplateKey")).getId());
            connectionOf.put("slack", connections.create("slack", "Slack", AuthKind.BEARER, Map.of("token", "xoxb-template-0123456789")).getId());
            connectionOf.put("github", connections.create("github", "GitHub", AuthKind.BEARER, Map.of("token", "ghp_template0123456789")).getId());
            connectionOf.put("llm", connections.create("llm", "OpenAI", AuthKind.BEARER, Map.of("token", "sk-template-0123456789")).getId());
            connectionOf.put("google", connections.create("google", "Google", AuthKind.BEARER, Map.of("token", "ya29.template-access-token")).getId());
            connectionOf.put("email", connections.create("email", "Mail server", AuthKind.SMTP, Map.of("host", "127.0.0.1",
                    "port", String.valueOf(SMTP.getSmtp().getPort()), "security", "none", "username", "templates", "password", "template-mail-1")).getId());
        });
    }

    /** The template's definition as the user leaves it after filling it in: connections chosen, their own addresses set. */
    WorkflowDefinition filledIn(WorkflowTemplate template) {
        List<WorkflowDefinition.Node> nodes = new ArrayList<>();
        for (WorkflowDefinition.Node node : template.workflow().nodesOrEmpty()) {
            String connector = node.type().substring(0, node.type().indexOf('.'));
            WorkflowDefinition.Node filled = connectionOf.containsKey(connector) ? node.withConnection(connectionOf.get(connector)) : node;
            Map<String, Object> params = new LinkedHashMap<>(node.paramsOrEmpty());
            if (params.get("webhookUrl") instanceof String) {
                params.put("webhookUrl", VENDORS.url() + "/discord/api/webhooks/1189391450112344064/template");
            }
            if ("http.request".equals(node.type())) {
                params.put("url", VENDORS.url() + "/api/" + node.id());
            }
            nodes.add(filled.withParams(params));
        }
        return template.workflow().withNodesAndEdges(nodes, template.workflow().edgesOrEmpty());
    }

    @Test
    void everyTemplateRunsEndToEnd() throws Exception {
        for (WorkflowTemplate template : templates.all()) {
            int vendorCalls = VENDORS.requests().size();
            int slackCalls = SLACK.requests().size();
            int slackPosts = (int) template.workflow().nodesOrEmpty().stream().filter(n -> n.type().equals("slack.postMessage")).count();
            for (int i = 0; i < slackPosts; i++) {
                SLACK.answerJson(200, "{\"ok\": true, \"channel\": \"C0SALES\", \"ts\": \"1700000000.00010" + i + "\"}");
            }
            var created = api.call("POST", "/api/v1/workflows", json.writeValueAsString(filledIn(template)), key);
            assertThat(created.statusCode()).as(template.key() + ": " + created.body()).isEqualTo(201);
            String id = api.body(created).get("id").asText();
            assertThat(api.call("POST", "/api/v1/workflows/" + id + "/publish", null, key).statusCode()).as(template.key()).isEqualTo(201);
            Object sample = template.workflow().trigger().orElseThrow().paramsOrEmpty().getOrDefault("sampleInput", Map.of());
            var started = api.call("POST", "/api/v1/workflows/" + id + "/runs", json.writeValueAsString(sample), key);
            assertThat(started.statusCode()).as(template.key() + ": " + started.body()).isEqualTo(202);
            JsonNode run = api.awaitRun(api.body(started).get("runId").asText(), key);
            assertThat(run.at("/run/status").asText()).as(template.key() + ": " + run).isEqualTo("SUCCEEDED");
            for (JsonNode step : run.get("steps")) {
                assertThat(step.get("status").asText()).as(template.key() + " " + step.get("nodeId")).isIn("SUCCEEDED", "SKIPPED");
            }
            boolean callsVendors = template.workflow().nodesOrEmpty().stream().anyMatch(n -> !n.isTrigger()
                    && List.of("stripe", "github", "google", "llm", "discord", "http").contains(n.type().substring(0, n.type().indexOf('.'))));
            if (callsVendors) {
                assertThat(VENDORS.requests().size()).as(template.key() + " called its vendors").isGreaterThan(vendorCalls);
            }
            assertThat(SLACK.requests().size() - slackCalls).as(template.key() + " Slack posts").isLessThanOrEqualTo(slackPosts);
        }
        // a few of the calls, as the vendors saw them
        assertThat(VENDORS.requests("/stripe/v1/payment_intents/pi_3OrderA1001")).isNotEmpty()
                .allMatch(r -> r.header("authorization").equals("Bearer sk_test_51TemplateKey"));
        assertThat(VENDORS.requests("/sheets/spreadsheets/REPLACE-WITH-YOUR-SHEET-ID/values/Sales")).singleElement()
                .satisfies(r -> assertThat(r.body()).contains("pi_3OrderA1001").contains("12000"));
        assertThat(VENDORS.requests("/github/repos/your-org/your-app/issues")).singleElement()
                .satisfies(r -> assertThat(r.body()).contains("Export button does nothing"));
        assertThat(VENDORS.requests("/api/send")).hasSize(2); // one per row of the sheet
        assertThat(new Inbox(SMTP, "grace@example.com").await(1).get(0).getSubject()).isEqualTo("We are on it: issue #1347");
        assertThat(new Inbox(SMTP, "ada@example.com").await(1)).isNotEmpty();
    }
}
