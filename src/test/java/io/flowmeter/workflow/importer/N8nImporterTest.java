package io.flowmeter.workflow.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The n8n importer on the two exports in src/test/resources/n8n (1.x and 0.x formats; see its README). */
@SuppressWarnings("unchecked")
class N8nImporterTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final N8nImporter importer = new N8nImporter(JSON);

    static JsonNode file(String name) throws IOException {
        try (InputStream in = N8nImporterTest.class.getResourceAsStream("/n8n/" + name)) {
            return JSON.readTree(in);
        }
    }

    static WorkflowDefinition.Node node(ImportResult result, String name) {
        return result.definition().nodesOrEmpty().stream().filter(n -> name.equals(n.name())).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    static List<WorkflowDefinition.Edge> edgesFrom(ImportResult result, String id) {
        return result.definition().edgesOrEmpty().stream().filter(e -> id.equals(e.from())).toList();
    }

    static List<String> reasons(ImportResult result, String node) {
        return result.unsupported().stream().filter(u -> u.node().equals(node)).map(u -> (u.parameter() == null ? "" : u.parameter() + ": ") + u.reason())
                .toList();
    }

    @Test
    void anN8n1xExportBecomesADraftWithEveryNodeByNameAndPosition() throws IOException {
        ImportResult result = importer.importWorkflow(file("orders-1x.json"));
        WorkflowDefinition d = result.definition();
        assertThat(d.name()).isEqualTo("Large orders to Slack, the rest to the sheet");
        // every node but the sticky note, by name
        assertThat(d.nodesOrEmpty()).extracting(WorkflowDefinition.Node::name).containsExactly("Order received", "Is it large?", "Tell #sales",
                "Add to sheet", "Update CRM", "Log the failure", "Answer", "Every 6 hours");
        assertThat(node(result, "Is it large?").position()).isEqualTo(new WorkflowDefinition.Position(460, 300));
        assertThat(result.imported()).containsExactly("Order received", "Is it large?", "Tell #sales", "Add to sheet", "Update CRM", "Answer");

        var webhook = node(result, "Order received");
        assertThat(webhook.id()).isEqualTo("order_received");
        assertThat(webhook.type()).isEqualTo("trigger.webhook");
        assertThat(webhook.params()).containsEntry("methods", List.of("POST")).containsEntry("responseMode", "wait").containsEntry("responseStep", "answer");

        var branch = node(result, "Is it large?");
        assertThat(branch.type()).isEqualTo("core.condition");
        assertThat(branch.params()).containsEntry("condition", "{{gt trigger.body.total 100}}");
        assertThat(edgesFrom(result, "is_it_large")).containsExactly(
                new WorkflowDefinition.Edge("is_it_large", "tell_sales", "{{steps.is_it_large.output.result}}", null),
                new WorkflowDefinition.Edge("is_it_large", "add_to_sheet", "{{not steps.is_it_large.output.result}}", null));

        var slack = node(result, "Tell #sales");
        assertThat(slack.type()).isEqualTo("slack.postMessage");
        // $json passes through the IF to the webhook's data; $('Order received') names it
        assertThat(slack.params()).containsEntry("channel", "C0123SALES")
                .containsEntry("text", "Large order {{trigger.body.id}} from {{trigger.body.customer.name}}: {{trigger.body.total}} EUR");
        assertThat(reasons(result, "Tell #sales")).containsExactly("credentials: n8n credentials are not imported: pick a Flowmeter connection for this step");

        var sheet = node(result, "Add to sheet");
        assertThat(sheet.type()).isEqualTo("google.sheetsAppendRow");
        assertThat(sheet.params()).containsEntry("spreadsheetId", "1AbCdEfGhIjKlMnOpQrStUvWxYz").containsEntry("range", "Sheet1");
        assertThat((List<Object>) sheet.params().get("values")).containsExactly("{{trigger.body.id}}", "{{trigger.body.total}}",
                "={{ $json.body.customer.name.toUpperCase() }}");
        assertThat(reasons(result, "Add to sheet")).anyMatch(r -> r.startsWith("columns.Customer: the expression {{ $json.body.customer.name.toUpperCase() }}"));

        var crm = node(result, "Update CRM");
        assertThat(crm.type()).isEqualTo("http.request");
        assertThat(crm.params()).containsEntry("method", "POST").containsEntry("timeoutMs", 5000L);
        assertThat(crm.retry().maxAttempts()).isEqualTo(4);
        assertThat(crm.retry().initialDelayMs()).isEqualTo(2000L);
        // three nodes feed it: $json is ambiguous there, and said so
        assertThat(reasons(result, "Update CRM")).anyMatch(r -> r.startsWith("url: the expression {{ $json.body.id }}: 'Update CRM' has several inputs"));
        // the error output is a failure path
        assertThat(edgesFrom(result, "update_crm")).containsExactly(new WorkflowDefinition.Edge("update_crm", "answer", null, null),
                new WorkflowDefinition.Edge("update_crm", "log_the_failure", null, "failure"));

        var code = node(result, "Log the failure");
        assertThat(code.type()).isEqualTo(N8nImporter.PLACEHOLDER);
        assertThat(code.params()).containsEntry("n8nType", "n8n-nodes-base.code");
        assertThat((Map<String, Object>) code.params().get("parameters")).containsKey("jsCode");
        assertThat(reasons(result, "Log the failure")).containsExactly("the n8n node type n8n-nodes-base.code has no Flowmeter equivalent");

        assertThat(node(result, "Answer").params()).containsEntry("value", Map.of("received", true));
        // one trigger is kept, the other reported and kept as a placeholder
        assertThat(node(result, "Every 6 hours").type()).isEqualTo(N8nImporter.PLACEHOLDER);
        assertThat(reasons(result, "Every 6 hours")).containsExactly("a Flowmeter workflow has one trigger, and 'Order received' was kept");
    }

    @Test
    void anN8n0xExportMapsItsVersionOneNodesWithTheirDefaults() throws IOException {
        ImportResult result = importer.importWorkflow(file("digest-0x.json"));
        assertThat(result.definition().nodesOrEmpty()).hasSize(12);
        // Start is not connected: the Cron is the trigger
        assertThat(node(result, "Cron").type()).isEqualTo("trigger.schedule");
        assertThat(node(result, "Cron").params()).containsEntry("cron", "0 9 * * *");
        assertThat(node(result, "Start").type()).isEqualTo(N8nImporter.PLACEHOLDER);

        var fetch = node(result, "Fetch items");
        assertThat(fetch.params()).containsEntry("method", "GET").containsEntry("url", "https://news.example.com/api/items")
                .containsEntry("query", Map.of("since", "{{trigger.timestamp}}", "limit", "20"));
        assertThat(reasons(result, "Fetch items")).containsExactly("credentials: n8n credentials are not imported: pick a Flowmeter connection for this step");

        var loop = node(result, "SplitInBatches");
        assertThat(loop.type()).isEqualTo("util.loop");
        assertThat(loop.params()).containsEntry("items", "{{steps.fetch_items.output.body}}");
        assertThat(edgesFrom(result, "splitinbatches")).containsExactly(new WorkflowDefinition.Edge("splitinbatches", "set", null, "each"));
        // the wire back into the loop is left out, and said so
        assertThat(edgesFrom(result, "merge")).isEmpty();
        assertThat(result.notes()).anyMatch(n -> n.node().equals("SplitInBatches") && n.note().startsWith("the wire back into the loop"));

        var set = node(result, "Set");
        assertThat(set.type()).isEqualTo("core.transform");
        assertThat(set.params()).containsEntry("value", Map.of("title", "{{steps.splitinbatches.output.item.title}}", "meta", Map.of("source", "news"),
                "score", "{{steps.splitinbatches.output.item.score}}"));
        assertThat(result.notes()).anyMatch(n -> n.node().equals("Set") && n.note().contains("keepOnlySet"));

        // IF v1: a number condition without an operation means "smaller"
        assertThat(node(result, "IF").params()).containsEntry("condition", "{{lt steps.set.output.score 50}}");
        // Gmail v1 without a resource made a draft in n8n: no equivalent
        assertThat(node(result, "Gmail").type()).isEqualTo(N8nImporter.PLACEHOLDER);
        assertThat(reasons(result, "Gmail")).singleElement().asString().contains("creates a draft");
        assertThat(node(result, "Function").type()).isEqualTo(N8nImporter.PLACEHOLDER);
        // Wait v1 with no amount waits an hour
        assertThat(node(result, "Wait").params()).containsEntry("duration", "PT3600S");

        // Switch v1: first match wins, the fallback goes to output 2; two outputs into the Merge are one edge
        String breaking = "(startsWith steps.set.output.title \"Breaking\")";
        String update = "(contains steps.set.output.title \"update\")";
        assertThat(edgesFrom(result, "switch")).containsExactly(
                new WorkflowDefinition.Edge("switch", "merge", "{{or (startsWith steps.set.output.title \"Breaking\") (and " + update + " (not " + breaking
                        + "))}}", null),
                new WorkflowDefinition.Edge("switch", "noop", "{{not (or " + breaking + " " + update + ")}}", null));
        assertThat(node(result, "Merge").type()).isEqualTo("core.noop");
    }
}
