package io.flowmeter.workflow.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.shared.ValidationFailedException;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The importer per node type and typeVersion, each on a small workflow: a webhook into the node under test (and, for
 * outputs, into NoOps named out0, out1, …). Omitted parameters mean the version's defaults.
 */
class N8nNodeTypesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final N8nImporter importer = new N8nImporter(JSON);

    /** Webhook → {@code node} (named "Node"), its outputs 0..n-1 wired to NoOps out0..; {@code node} is JSON without name and position. */
    ImportResult run(String node, int outputs) throws Exception {
        StringBuilder nodes = new StringBuilder("""
                {"name": "Hook", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [0, 0], "parameters": {"httpMethod": "POST", "path": "x"}},
                """);
        nodes.append(node.strip().replaceFirst("^\\{", "{\"name\": \"Node\", \"position\": [200, 0], "));
        StringBuilder wires = new StringBuilder("\"Hook\": {\"main\": [[{\"node\": \"Node\", \"type\": \"main\", \"index\": 0}]]}");
        if (outputs > 0) {
            wires.append(", \"Node\": {\"main\": [");
            for (int i = 0; i < outputs; i++) {
                nodes.append(", {\"name\": \"out").append(i).append("\", \"type\": \"n8n-nodes-base.noOp\", \"typeVersion\": 1, \"position\": [400, ")
                        .append(i * 100).append("], \"parameters\": {}}");
                wires.append(i == 0 ? "" : ", ").append("[{\"node\": \"out").append(i).append("\", \"type\": \"main\", \"index\": 0}]");
            }
            wires.append("]}");
        }
        return importer.importWorkflow(JSON.readTree("{\"nodes\": [" + nodes + "], \"connections\": {" + wires + "}}"));
    }

    static WorkflowDefinition.Node node(ImportResult r) {
        return N8nImporterTest.node(r, "Node");
    }

    static List<WorkflowDefinition.Edge> out(ImportResult r) {
        return N8nImporterTest.edgesFrom(r, "node");
    }

    @Test
    void splitInBatchesOutputsAreLoopThenDoneInV2AndDoneThenLoopInV3() throws Exception {
        var v2 = run("{\"type\": \"n8n-nodes-base.splitInBatches\", \"typeVersion\": 2, \"parameters\": {}}", 2);
        assertThat(node(v2).type()).isEqualTo("util.loop");
        assertThat(node(v2).params()).containsEntry("items", "{{trigger}}");
        assertThat(out(v2)).containsExactly(new WorkflowDefinition.Edge("node", "out0", null, "each"), new WorkflowDefinition.Edge("node", "out1", null, null));
        // v2 batches 10 items by default: said
        assertThat(v2.notes()).anyMatch(n -> n.note().contains("per batch of 10"));
        var v3 = run("{\"type\": \"n8n-nodes-base.splitInBatches\", \"typeVersion\": 3, \"parameters\": {\"options\": {}}}", 2);
        assertThat(out(v3)).containsExactly(new WorkflowDefinition.Edge("node", "out0", null, null), new WorkflowDefinition.Edge("node", "out1", null, "each"));
        assertThat(v3.notes()).noneMatch(n -> n.note().contains("per batch"));
    }

    @Test
    void switchV3RulesWithAnExtraFallbackAndAllMatchingOutputs() throws Exception {
        String rules = """
                {"type": "n8n-nodes-base.switch", "typeVersion": 3.2, "parameters": {"rules": {"values": [
                  {"conditions": {"conditions": [{"leftValue": "={{ $json.body.plan }}", "rightValue": "pro", "operator": {"type": "string", "operation": "equals"}}], "combinator": "and"}},
                  {"conditions": {"conditions": [{"leftValue": "={{ $json.body.seats }}", "rightValue": 50, "operator": {"type": "number", "operation": "gte"}}], "combinator": "and"}}]},
                 "options": {"fallbackOutput": "extra"%s}}}""";
        var first = run(rules.formatted(""), 3);
        assertThat(node(first).type()).isEqualTo("core.noop");
        String pro = "(eq trigger.body.plan \"pro\")";
        String big = "(gte trigger.body.seats 50)";
        assertThat(out(first)).extracting(WorkflowDefinition.Edge::condition).containsExactly("{{eq trigger.body.plan \"pro\"}}",
                "{{and " + big + " (not " + pro + ")}}", "{{not (or " + pro + " " + big + ")}}");
        var all = run(rules.formatted(", \"allMatchingOutputs\": true"), 3);
        assertThat(out(all)).extracting(WorkflowDefinition.Edge::condition).element(1).isEqualTo("{{gte trigger.body.seats 50}}");
        // expression mode has no equivalent
        var expression = run("{\"type\": \"n8n-nodes-base.switch\", \"typeVersion\": 3, \"parameters\": {\"mode\": \"expression\", \"output\": \"={{ 1 }}\"}}", 0);
        assertThat(node(expression).type()).isEqualTo(N8nImporter.PLACEHOLDER);
    }

    @Test
    void setVersionsAndTheirFields() throws Exception {
        var v33 = run("""
                {"type": "n8n-nodes-base.set", "typeVersion": 3.4, "parameters": {"assignments": {"assignments": [
                  {"id": "a", "name": "total", "value": "12.50", "type": "number"}, {"id": "b", "name": "customer.name", "value": "={{ $json.body.name }}", "type": "string"},
                  {"id": "c", "name": "paid", "value": "true", "type": "boolean"}]}, "options": {}}}""", 0);
        assertThat(node(v33).params()).containsEntry("value", Map.of("total", new java.math.BigDecimal("12.50"),
                "customer", Map.of("name", "{{trigger.body.name}}"), "paid", true));
        assertThat(v33.notes()).noneMatch(n -> n.node().equals("Node"));
        var v32 = run("""
                {"type": "n8n-nodes-base.set", "typeVersion": 3.2, "parameters": {"fields": {"values": [{"name": "n", "type": "numberValue", "numberValue": 3}]},
                 "include": "none", "options": {}}}""", 0);
        assertThat(node(v32).params()).containsEntry("value", Map.of("n", 3));
        var raw = run("{\"type\": \"n8n-nodes-base.set\", \"typeVersion\": 3.3, \"parameters\": {\"mode\": \"raw\", \"jsonOutput\": \"{\\\"ok\\\": true}\"}}", 0);
        assertThat(node(raw).params()).containsEntry("value", Map.of("ok", true));
    }

    @Test
    void waitDefaultsDifferBetweenVersions() throws Exception {
        assertThat(node(run("{\"type\": \"n8n-nodes-base.wait\", \"typeVersion\": 1, \"parameters\": {}}", 0)).params()).containsEntry("duration", "PT3600S");
        assertThat(node(run("{\"type\": \"n8n-nodes-base.wait\", \"typeVersion\": 1.1, \"parameters\": {}}", 0)).params()).containsEntry("duration", "PT5S");
        assertThat(node(run("{\"type\": \"n8n-nodes-base.wait\", \"typeVersion\": 1.1, \"parameters\": {\"amount\": 2.5, \"unit\": \"minutes\"}}", 0))
                .params()).containsEntry("duration", "PT150S");
        assertThat(node(run("{\"type\": \"n8n-nodes-base.wait\", \"typeVersion\": 1.1, \"parameters\": {\"resume\": \"specificTime\", \"dateTime\": \"2026-12-24T18:00:00Z\"}}",
                0)).params()).containsEntry("until", "2026-12-24T18:00:00Z");
        assertThat(node(run("{\"type\": \"n8n-nodes-base.wait\", \"typeVersion\": 1.1, \"parameters\": {\"resume\": \"webhook\"}}", 0)).type())
                .isEqualTo(N8nImporter.PLACEHOLDER);
    }

    @Test
    void httpRequestV1WithJsonParametersAndV4WithAFormBody() throws Exception {
        var v1 = run("""
                {"type": "n8n-nodes-base.httpRequest", "typeVersion": 1, "parameters": {"requestMethod": "POST", "url": "https://api.example.com/x",
                 "jsonParameters": true, "bodyParametersJson": "{\\"a\\": 1}", "headerParametersJson": "={{ $json.body.headers }}"}}""", 0);
        assertThat(node(v1).params()).containsEntry("method", "POST").containsEntry("body", Map.of("a", 1))
                .containsEntry("headers", "{{trigger.body.headers}}");
        var v4 = run("""
                {"type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2, "parameters": {"method": "PUT", "url": "https://api.example.com/y",
                 "sendBody": true, "contentType": "form-urlencoded", "bodyParameters": {"parameters": [{"name": "q", "value": "1"}]},
                 "authentication": "genericCredentialType", "genericAuthType": "httpHeaderAuth", "options": {}}}""", 0);
        assertThat(node(v4).params()).containsEntry("bodyType", "form").containsEntry("body", Map.of("q", "1"));
        assertThat(v4.unsupported()).anyMatch(u -> u.node().equals("Node") && "credentials".equals(u.parameter()));
    }

    @Test
    void scheduleTriggerRulesBecomeCronOrIntervals() throws Exception {
        record Case(String rule, String key, String expected) {
        }
        for (Case c : List.of(new Case("[{\"field\": \"minutes\", \"minutesInterval\": 15}]", "interval", "PT15M"),
                new Case("[{\"field\": \"days\", \"triggerAtHour\": 9, \"triggerAtMinute\": 30}]", "cron", "30 9 * * *"),
                new Case("[{\"field\": \"weeks\", \"triggerAtDay\": [1, 5], \"triggerAtHour\": 8}]", "cron", "0 8 * * 1,5"),
                new Case("[{\"field\": \"months\", \"triggerAtDayOfMonth\": 15}]", "cron", "0 0 15 * *"),
                new Case("[{\"field\": \"cronExpression\", \"expression\": \"0 15 10 * * 1-5\"}]", "cron", "15 10 * * 1-5"),
                new Case("[{}]", "cron", "0 0 * * *"))) {
            var r = importer.importWorkflow(JSON.readTree("""
                    {"nodes": [{"name": "When", "type": "n8n-nodes-base.scheduleTrigger", "typeVersion": 1.2, "position": [0, 0],
                      "parameters": {"rule": {"interval": %s}}}], "connections": {}, "settings": {"timezone": "America/New_York"}}""".formatted(c.rule())));
            assertThat(N8nImporterTest.node(r, "When").params()).as(c.rule()).containsEntry(c.key(), c.expected()).containsEntry("timezone", "America/New_York");
        }
    }

    @Test
    void gmailV2SendsAndSheetsV4ReadsOrAppendsByNameWhichHasNoEquivalent() throws Exception {
        var gmail = run("""
                {"type": "n8n-nodes-base.gmail", "typeVersion": 2.1, "parameters": {"sendTo": "={{ $json.body.email }}", "subject": "Hi", "message": "Hello",
                 "emailType": "text", "options": {}}}""", 0);
        assertThat(node(gmail).type()).isEqualTo("google.gmailSend");
        assertThat(node(gmail).params()).containsEntry("to", "{{trigger.body.email}}").containsEntry("text", "Hello");
        assertThat(gmail.notes()).anyMatch(n -> n.note().contains("appended"));
        var read = run("""
                {"type": "n8n-nodes-base.googleSheets", "typeVersion": 4.5, "parameters": {"operation": "read",
                 "documentId": {"__rl": true, "value": "SHEET", "mode": "id"}, "sheetName": {"__rl": true, "value": "gid=0", "mode": "list", "cachedResultName": "Orders"}}}""",
                0);
        assertThat(node(read).type()).isEqualTo("google.sheetsReadRows");
        assertThat(node(read).params()).containsEntry("spreadsheetId", "SHEET").containsEntry("range", "Orders").containsEntry("headerRow", true);
        var autoMap = run("""
                {"type": "n8n-nodes-base.googleSheets", "typeVersion": 4.5, "parameters": {"operation": "append",
                 "documentId": {"__rl": true, "value": "SHEET", "mode": "id"}, "sheetName": "Orders", "columns": {"mappingMode": "autoMapInputData"}}}""", 0);
        assertThat(node(autoMap).type()).isEqualTo(N8nImporter.PLACEHOLDER);
    }

    @Test
    void ifV2StringOperationsAndConditionsWithoutAnEquivalent() throws Exception {
        var ok = run("""
                {"type": "n8n-nodes-base.if", "typeVersion": 2, "parameters": {"conditions": {"combinator": "or", "conditions": [
                  {"leftValue": "={{ $json.body.email }}", "rightValue": "@example.com", "operator": {"type": "string", "operation": "endsWith"}},
                  {"leftValue": "={{ $json.body.vip }}", "rightValue": "", "operator": {"type": "boolean", "operation": "true"}}]}}}""", 2);
        assertThat(node(ok).params()).containsEntry("condition", "{{or (endsWith trigger.body.email \"@example.com\") (eq trigger.body.vip true)}}");
        var dates = run("""
                {"type": "n8n-nodes-base.if", "typeVersion": 2, "parameters": {"conditions": {"conditions": [
                  {"leftValue": "={{ $json.body.at }}", "rightValue": "2026-01-01", "operator": {"type": "dateTime", "operation": "after"}}]}}}""", 2);
        assertThat(node(dates).type()).isEqualTo(N8nImporter.PLACEHOLDER);
        assertThat(N8nImporterTest.reasons(dates, "Node")).singleElement().asString().contains("dateTime conditions have no Flowmeter equivalent");
        // the placeholder keeps its wires: plain edges
        assertThat(out(dates)).hasSize(2).allMatch(e -> e.condition() == null);
    }

    @Test
    void expressionsMappedAndRefused() {
        N8nExpressions.Roots roots = new N8nExpressions.Roots() {
            @Override
            public N8nExpressions.Resolved input() {
                return N8nExpressions.Resolved.path("steps.fetch.output.body");
            }

            @Override
            public N8nExpressions.Resolved of(String name) {
                return name.equals("Order") ? N8nExpressions.Resolved.path("trigger") : N8nExpressions.Resolved.none("there is no node '" + name + "'");
            }
        };
        assertThat(N8nExpressions.translate("={{ $json.items }}", roots).value()).isEqualTo("{{steps.fetch.output.body.items}}");
        assertThat(N8nExpressions.translate("=Hi {{ $json[\"first name\"] }}!", roots).value()).isEqualTo("Hi {{steps.fetch.output.body.[first name]}}!");
        assertThat(N8nExpressions.translate("={{ $node[\"Order\"].json[\"id\"] }}-{{ $('Order').item.json.total }}", roots).value())
                .isEqualTo("{{trigger.id}}-{{trigger.total}}");
        assertThat(N8nExpressions.translate("={{ $input.first().json.x }} at {{ $now }} in {{ $execution.id }}", roots).value())
                .isEqualTo("{{steps.fetch.output.body.x}} at {{now}} in {{run.id}}");
        assertThat(N8nExpressions.translate("plain {{ text }}", roots).value()).isEqualTo("plain \\{{ text }}");
        assertThat(N8nExpressions.translate("=50", roots).value()).isEqualTo("50");
        for (String refused : List.of("={{ $json.name.toUpperCase() }}", "={{ $json.a + 1 }}", "={{ $env.SECRET }}", "={{ $('Ghost').item.json.x }}",
                "={{ $json.items[0] }}", "={{ $binary.data }}")) {
            var result = N8nExpressions.translate(refused, roots);
            assertThat(result.problem()).as(refused).isNotNull();
            assertThat(result.value()).as(refused).isEqualTo(refused);
        }
    }

    @Test
    void disabledNodesLangChainLinksAndContinueOnFail() throws Exception {
        var r = importer.importWorkflow(JSON.readTree("""
                {"nodes": [{"name": "Go", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
                  {"name": "Agent", "type": "@n8n/n8n-nodes-langchain.agent", "typeVersion": 1.7, "position": [200, 0], "parameters": {"text": "hi"}},
                  {"name": "Model", "type": "@n8n/n8n-nodes-langchain.lmChatOpenAi", "typeVersion": 1, "position": [200, 200], "parameters": {}},
                  {"name": "Call", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2, "position": [400, 0], "parameters": {"url": "https://x.example"},
                   "continueOnFail": true},
                  {"name": "Off", "type": "n8n-nodes-base.slack", "typeVersion": 2.2, "position": [600, 0], "parameters": {}, "disabled": true}],
                 "connections": {"Go": {"main": [[{"node": "Agent", "type": "main", "index": 0}]]},
                   "Model": {"ai_languageModel": [[{"node": "Agent", "type": "ai_languageModel", "index": 0}]]},
                   "Agent": {"main": [[{"node": "Call", "type": "main", "index": 0}]]},
                   "Call": {"main": [[{"node": "Off", "type": "main", "index": 0}]]}}}"""));
        assertThat(r.definition().nodesOrEmpty()).extracting(WorkflowDefinition.Node::name).containsExactly("Go", "Agent", "Model", "Call", "Off");
        assertThat(N8nImporterTest.node(r, "Agent").type()).isEqualTo(N8nImporter.PLACEHOLDER);
        assertThat(r.unsupported()).anyMatch(u -> u.node().equals("Model") && "connections".equals(u.parameter()) && u.reason().contains("ai_languageModel"));
        assertThat(N8nImporterTest.node(r, "Off").type()).isEqualTo("core.noop");
        assertThat(r.notes()).anyMatch(n -> n.node().equals("Off") && n.note().contains("disabled"));
        assertThat(N8nImporterTest.edgesFrom(r, "call")).containsExactly(new WorkflowDefinition.Edge("call", "off", null, "always"));
    }

    @Test
    void filesThatAreNotN8nWorkflowsAreRefusedByNode() {
        for (String bad : List.of("[]", "{}", "{\"nodes\": {}}", "{\"nodes\": [1]}", "{\"nodes\": [{\"type\": \"n8n-nodes-base.noOp\"}]}",
                "{\"nodes\": [{\"name\": \"A\"}]}", "{\"nodes\": [], \"connections\": 3}")) {
            assertThatThrownBy(() -> importer.importWorkflow(JSON.readTree(bad))).as(bad).isInstanceOf(ValidationFailedException.class);
        }
    }

    @Test
    void bothOutputsOfABranchIntoOneNodeAreOneInputAndAfterALoopComeItsResults() throws Exception {
        var r = importer.importWorkflow(JSON.readTree("""
                {"nodes": [{"name": "Hook", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [0, 0], "parameters": {}},
                  {"name": "Check", "type": "n8n-nodes-base.if", "typeVersion": 1, "position": [200, 0],
                   "parameters": {"conditions": {"boolean": [{"value1": "={{ $json.body.vip }}"}]}}},
                  {"name": "Note", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "position": [400, 0],
                   "parameters": {"assignments": {"assignments": [{"name": "who", "value": "={{ $json.body.name }}", "type": "string"}]}}},
                  {"name": "Loop", "type": "n8n-nodes-base.splitInBatches", "typeVersion": 3, "position": [600, 0], "parameters": {}},
                  {"name": "Each", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "position": [800, 100], "parameters": {}, "continueOnFail": true},
                  {"name": "After", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "position": [800, -100],
                   "parameters": {"assignments": {"assignments": [{"name": "all", "value": "={{ $json }}", "type": "object"}]}}}],
                 "connections": {"Hook": {"main": [[{"node": "Check", "type": "main", "index": 0}]]},
                   "Check": {"main": [[{"node": "Note", "type": "main", "index": 0}], [{"node": "Note", "type": "main", "index": 0}]]},
                   "Note": {"main": [[{"node": "Loop", "type": "main", "index": 0}]]},
                   "Loop": {"main": [[{"node": "After", "type": "main", "index": 0}], [{"node": "Each", "type": "main", "index": 0}]]},
                   "Each": {"main": [[{"node": "Loop", "type": "main", "index": 0}]]}}}"""));
        // IF v1 with no value2 on a boolean compares with false, n8n's default
        assertThat(N8nImporterTest.node(r, "Check").params()).containsEntry("condition", "{{eq trigger.body.vip false}}");
        // both outputs lead to Note: one input, so $json is the webhook's data
        assertThat(N8nImporterTest.node(r, "Note").params()).containsEntry("value", Map.of("who", "{{trigger.body.name}}"));
        assertThat(N8nImporterTest.edgesFrom(r, "check")).singleElement()
                .satisfies(e -> assertThat(e.condition()).isEqualTo("{{or steps.check.output.result (not steps.check.output.result)}}"));
        // after the loop ("done"), $json is its items' results; the body's wire back is left out; continueOnFail keeps the body a body
        assertThat(N8nImporterTest.node(r, "After").params()).containsEntry("value", Map.of("all", "{{steps.loop.output.results}}"));
        assertThat(N8nImporterTest.edgesFrom(r, "loop")).containsExactlyInAnyOrder(new WorkflowDefinition.Edge("loop", "after", null, null),
                new WorkflowDefinition.Edge("loop", "each", null, "each"));
        assertThat(N8nImporterTest.edgesFrom(r, "each")).isEmpty();
    }

    @Test
    void aTriggerThatCannotBeMappedIsNotKeptAndADisabledBranchPassesOnlyItsFirstOutput() throws Exception {
        var r = importer.importWorkflow(JSON.readTree("""
                {"nodes": [{"name": "Cron", "type": "n8n-nodes-base.cron", "typeVersion": 1, "position": [0, 0], "parameters": {}},
                  {"name": "Hook", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [0, 200], "parameters": {}},
                  {"name": "Check", "type": "n8n-nodes-base.if", "typeVersion": 2, "position": [200, 0], "parameters": {}, "disabled": true},
                  {"name": "Yes", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "position": [400, 0], "parameters": {}},
                  {"name": "No", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "position": [400, 200], "parameters": {}}],
                 "connections": {"Cron": {"main": [[{"node": "Check", "type": "main", "index": 0}]]},
                   "Hook": {"main": [[{"node": "Check", "type": "main", "index": 0}]]},
                   "Check": {"main": [[{"node": "Yes", "type": "main", "index": 0}], [{"node": "No", "type": "main", "index": 0}]]}}}"""));
        assertThat(N8nImporterTest.node(r, "Hook").type()).isEqualTo("trigger.webhook");
        assertThat(N8nImporterTest.node(r, "Cron").type()).isEqualTo(N8nImporter.PLACEHOLDER);
        assertThat(N8nImporterTest.edgesFrom(r, "check")).containsExactly(new WorkflowDefinition.Edge("check", "yes", "{{true}}", null),
                new WorkflowDefinition.Edge("check", "no", "{{false}}", null));
    }
}
