package io.flowmeter.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.connection.Connections;
import io.flowmeter.connector.core.CoreConnector;
import io.flowmeter.connector.core.TriggerConnector;
import io.flowmeter.connector.http.HttpConnector;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.connector.util.UtilConnector;
import io.flowmeter.shared.ValidationFailedException.Violation;
import io.flowmeter.template.Templates;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.DefinitionValidator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DefinitionValidatorTest {

    static final UUID KNOWN_CONNECTION = UUID.randomUUID();
    final DefinitionValidator validator = new DefinitionValidator(
            new ConnectorRegistry(List.of(new CoreConnector(), new TriggerConnector(), new HttpConnector(), new UtilConnector())),
            new Templates(),
            new Connections() {
                @Override
                public boolean exists(UUID connectionId) {
                    return KNOWN_CONNECTION.equals(connectionId);
                }

                @Override
                public Optional<Credentials> credentials(UUID connectionId) {
                    return Optional.empty();
                }

                @Override
                public Credentials refreshed(UUID connectionId, Credentials rejected) {
                    throw new UnsupportedOperationException("the validator never refreshes");
                }
            });
    final ObjectMapper json = new ObjectMapper();

    List<Violation> validate(String definition) throws Exception {
        return validator.validate(json.readValue(definition.replace('\'', '"'), WorkflowDefinition.class));
    }

    static String linear(String extraNodes, String extraEdges) {
        return "{'name': 'W', 'nodes': [{'id': 'start', 'type': 'trigger.manual'}, {'id': 'a', 'type': 'core.noop'}" + extraNodes
                + "], 'edges': [{'from': 'start', 'to': 'a'}" + extraEdges + "]}";
    }

    @Test
    void aCorrectDefinitionHasNoProblems() throws Exception {
        assertThat(validate("""
                {'name': 'Order flow', 'nodes': [
                  {'id': 'start', 'type': 'trigger.manual'},
                  {'id': 'fetch', 'type': 'http.request', 'params': {'url': 'https://api.example.com/orders/{{trigger.id}}', 'method': 'GET'},
                   'retry': {'maxAttempts': 5, 'initialDelayMs': 200, 'multiplier': 2, 'maxDelayMs': 5000}, 'timeoutMs': 10000},
                  {'id': 'big', 'type': 'core.transform', 'params': {'value': {'total': '{{steps.fetch.output.body.total}}'}}},
                  {'id': 'join', 'type': 'core.noop'}],
                 'edges': [{'from': 'start', 'to': 'fetch'},
                           {'from': 'fetch', 'to': 'big', 'condition': '{{gt steps.fetch.output.body.total 100}}'},
                           {'from': 'fetch', 'to': 'join'}, {'from': 'big', 'to': 'join'},
                           {'from': 'fetch', 'to': 'join', 'when': 'failure'}]}
                """)).isEmpty();
    }

    @Test
    void reportsCycles() throws Exception {
        assertThat(validate(linear(", {'id': 'b', 'type': 'core.noop'}", ", {'from': 'a', 'to': 'b'}, {'from': 'b', 'to': 'a'}")))
                .anySatisfy(v -> assertThat(v.message()).contains("cycle").contains("a").contains("b"));
    }

    @Test
    void reportsDanglingSelfAndDuplicateEdges() throws Exception {
        assertThat(validate(linear("", ", {'from': 'a', 'to': 'ghost'}"))).anySatisfy(v -> assertThat(v.message()).contains("unknown node"));
        assertThat(validate(linear("", ", {'from': 'ghost', 'to': 'a'}"))).anySatisfy(v -> assertThat(v.message()).contains("unknown node"));
        assertThat(validate(linear("", ", {'from': 'a', 'to': 'a'}"))).anySatisfy(v -> assertThat(v.message()).contains("itself"));
        assertThat(validate(linear("", ", {'from': 'start', 'to': 'a'}"))).anySatisfy(v -> assertThat(v.message()).contains("twice"));
        assertThat(validate(linear("", ", {'from': 'start', 'to': 'a', 'when': 'sometimes'}")))
                .anySatisfy(v -> assertThat(v.message()).contains("success, failure, always or each"));
    }

    @Test
    void reportsDuplicateAndMalformedIds() throws Exception {
        assertThat(validate(linear(", {'id': 'a', 'type': 'core.noop'}", ""))).anySatisfy(v -> {
            assertThat(v.node()).isEqualTo("a");
            assertThat(v.message()).contains("share the id");
        });
        assertThat(validate(linear(", {'id': '1bad id', 'type': 'core.noop'}", ""))).anySatisfy(v -> assertThat(v.message()).contains("starts with a letter"));
    }

    @Test
    void needsExactlyOneTriggerWithNothingLeadingIntoIt() throws Exception {
        assertThat(validate("{'name': 'W', 'nodes': [{'id': 'a', 'type': 'core.noop'}], 'edges': []}"))
                .anySatisfy(v -> assertThat(v.message()).contains("Add a trigger"));
        assertThat(validate(linear(", {'id': 't2', 'type': 'trigger.manual'}", ", {'from': 't2', 'to': 'a'}")))
                .anySatisfy(v -> assertThat(v.message()).contains("exactly one trigger"));
        assertThat(validate(linear("", ", {'from': 'a', 'to': 'start'}"))).anySatisfy(v -> assertThat(v.message()).containsAnyOf("cycle", "into the trigger"));
        assertThat(validate("{'name': 'W', 'nodes': [], 'edges': []}")).anySatisfy(v -> assertThat(v.message()).contains("at least a trigger"));
    }

    @Test
    void reportsUnreachableNodes() throws Exception {
        assertThat(validate(linear(", {'id': 'island', 'type': 'core.noop'}", ""))).anySatisfy(v -> {
            assertThat(v.node()).isEqualTo("island");
            assertThat(v.message()).contains("never run");
        });
    }

    @Test
    void reportsUnknownTypesMissingAndUnknownParams() throws Exception {
        assertThat(validate(linear(", {'id': 'x', 'type': 'slack.post'}", ", {'from': 'a', 'to': 'x'}")))
                .anySatisfy(v -> assertThat(v.message()).contains("Unknown step type 'slack.post'"));
        assertThat(validate(linear(", {'id': 'h', 'type': 'http.request'}", ", {'from': 'a', 'to': 'h'}")))
                .anySatisfy(v -> {
                    assertThat(v.node()).isEqualTo("h");
                    assertThat(v.field()).isEqualTo("params.url");
                    assertThat(v.message()).contains("required");
                });
        assertThat(validate(linear(", {'id': 'h', 'type': 'http.request', 'params': {'url': 'https://x.y', 'methd': 'GET'}}", ", {'from': 'a', 'to': 'h'}")))
                .anySatisfy(v -> assertThat(v.message()).contains("Unknown parameter 'methd'"));
        assertThat(validate(linear(", {'id': 'h', 'type': 'http.request', 'params': {'url': 'https://x.y', 'method': 'FETCH'}}", ", {'from': 'a', 'to': 'h'}")))
                .anySatisfy(v -> assertThat(v.message()).contains("one of"));
    }

    @Test
    void reportsTemplateSyntaxErrorsAndReferencesToStepsThatDoNotRunBefore() throws Exception {
        assertThat(validate(linear(", {'id': 't', 'type': 'core.transform', 'params': {'value': {'x': '{{#if trigger.a}}oops'}}}", ", {'from': 'a', 'to': 't'}")))
                .anySatisfy(v -> {
                    assertThat(v.node()).isEqualTo("t");
                    assertThat(v.field()).isEqualTo("params.value.x");
                    assertThat(v.message()).contains("syntax");
                });
        // b and c are parallel branches: c cannot read b
        assertThat(validate(linear(", {'id': 'b', 'type': 'core.noop'}, {'id': 'c', 'type': 'core.transform', 'params': {'value': '{{steps.b.output}}'}}",
                ", {'from': 'a', 'to': 'b'}, {'from': 'a', 'to': 'c'}")))
                .anySatisfy(v -> assertThat(v.message()).contains("'b', which does not run before"));
        assertThat(validate(linear("", ", {'from': 'start', 'to': 'a', 'condition': '{{steps.a.output.x}}'}".replace("'from': 'start', 'to': 'a', ", "'from': 'start', 'to': 'a', 'when': 'always', "))))
                .anySatisfy(v -> assertThat(v.message()).contains("'a', which does not run before"));
    }

    @Test
    void reportsBadRetryTimeoutAndForeignConnections() throws Exception {
        assertThat(validate(linear(", {'id': 'h', 'type': 'http.request', 'params': {'url': 'https://x.y'}, 'retry': {'maxAttempts': 0, 'multiplier': 50}, 'timeoutMs': 0}",
                ", {'from': 'a', 'to': 'h'}")))
                .extracting(Violation::field).contains("retry.maxAttempts", "retry.multiplier", "timeoutMs");
        String foreign = UUID.randomUUID().toString();
        assertThat(validate(linear(", {'id': 'h', 'type': 'http.request', 'params': {'url': 'https://x.y'}, 'connection': '" + foreign + "'}",
                ", {'from': 'a', 'to': 'h'}")))
                .anySatisfy(v -> assertThat(v.message()).contains("does not exist in this organization"));
        assertThat(validate(linear(", {'id': 'h', 'type': 'http.request', 'params': {'url': 'https://x.y'}, 'connection': '" + KNOWN_CONNECTION + "'}",
                ", {'from': 'a', 'to': 'h'}"))).isEmpty();
    }

    @Test
    void reportsAMissingName() throws Exception {
        assertThat(validate(linear("", "").replace("'name': 'W'", "'name': ' '"))).extracting(Violation::field).contains("name");
    }

    // --- value settings (a node's "value": the ROI figures) ------------------------------------------------------

    /** The problems with the value settings of step 'v' of {@code type}, run after 'a'. */
    List<Violation> valueProblems(String type, String value) throws Exception {
        return validate(linear(", {'id': 'v', 'type': '" + type + "', 'value': " + value + "}", ", {'from': 'a', 'to': 'v'}")).stream()
                .filter(v -> "v".equals(v.node()) && v.field() != null && v.field().startsWith("value")).toList();
    }

    @Test
    void acceptsFullValueSettings() throws Exception {
        assertThat(validate(linear(", {'id': 'v', 'type': 'core.noop', 'value': {'minutes': 4.5, 'minutesPerItem': '0.25', 'items': 'body.rows',"
                + " 'outcome': 12, 'outcomePerItem': '1.5', 'rate': 'Support team', 'evidence': 'Timed 20 tickets in March',"
                + " 'evidenceUrl': 'https://wiki.example.com/timing', 'confidence': 'High', 'basis': 'measured'}}", ", {'from': 'a', 'to': 'v'}")))
                .isEmpty();
        assertThat(valueProblems("core.approval", "{'minutesToDecide': 3, 'confidence': 'low', 'basis': 'assumed'}")).isEmpty();
        assertThat(valueProblems("core.noop", "{}")).isEmpty();
        assertThat(valueProblems("core.noop", "{'minutes': '', 'evidence': '  '}")).isEmpty();
    }

    @Test
    void refusesAnUnknownValueKeyNamingIt() throws Exception {
        assertThat(valueProblems("core.noop", "{'minuts': 5}")).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("value.minuts");
            assertThat(v.message()).startsWith("Unknown value setting 'minuts'").contains("minutes, minutesPerItem");
        });
    }

    @Test
    void refusesValuesOfTheWrongKind() throws Exception {
        assertThat(valueProblems("core.noop", "{'minutes': 'five'}")).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("value.minutes");
            assertThat(v.message()).isEqualTo("Value setting 'minutes' must be a number, not 'five'");
        });
        assertThat(valueProblems("core.noop", "{'outcome': [1, 2]}")).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("value.outcome");
            assertThat(v.message()).contains("must be a number, not a list");
        });
        assertThat(valueProblems("core.noop", "{'evidence': {'text': 'x'}}")).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("value.evidence");
            assertThat(v.message()).contains("must be text, not an object");
        });
        assertThat(valueProblems("core.noop", "{'minutes': true}")).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("must be a number, not true/false"));
        assertThat(valueProblems("core.noop", "{'rate': 12}")).singleElement()
                .satisfies(v -> assertThat(v.message()).isEqualTo("Value setting 'rate' must be text, not '12'"));
    }

    @Test
    void refusesNumbersOutOfRangeOrWithTooManyDecimals() throws Exception {
        assertThat(valueProblems("core.noop", "{'minutes': -1}")).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("value.minutes");
            assertThat(v.message()).isEqualTo("Value setting 'minutes' must be between 0 and 10080");
        });
        assertThat(valueProblems("core.noop", "{'minutesPerItem': 10081, 'items': 'rows'}")).singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("value.minutesPerItem"));
        assertThat(valueProblems("core.noop", "{'outcome': '1000000000.01'}")).singleElement()
                .satisfies(v -> assertThat(v.message()).isEqualTo("Value setting 'outcome' must be between 0 and 1000000000"));
        assertThat(valueProblems("core.noop", "{'outcome': 1000000000}")).isEmpty();
        assertThat(valueProblems("core.noop", "{'minutes': 0.1234567}")).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("value.minutes");
            assertThat(v.message()).isEqualTo("Value setting 'minutes' has more than 6 decimals");
        });
        assertThat(valueProblems("core.noop", "{'minutes': 0.123456}")).isEmpty();
    }

    @Test
    void refusesABadConfidenceBasisLinkOrNul() throws Exception {
        assertThat(valueProblems("core.noop", "{'confidence': 'certain'}")).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("value.confidence");
            assertThat(v.message()).isEqualTo("Value setting 'confidence' must be one of low, medium, high");
        });
        assertThat(valueProblems("core.noop", "{'basis': 'guessed'}")).singleElement()
                .satisfies(v -> assertThat(v.message()).isEqualTo("Value setting 'basis' must be one of measured, assumed"));
        for (String link : List.of("ftp://files.example.com/timing", "javascript:alert(1)", "wiki/timing", "https://")) {
            assertThat(valueProblems("core.noop", "{'evidenceUrl': '" + link + "'}")).as(link).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("value.evidenceUrl");
                assertThat(v.message()).isEqualTo("Value setting 'evidenceUrl' must be an http or https link");
            });
        }
        assertThat(valueProblems("core.noop", "{'evidence': 'Timed \\u0000 by hand'}")).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("value.evidence");
            assertThat(v.message()).isEqualTo("Value setting 'evidence' contains a NUL character");
        });
        assertThat(valueProblems("core.noop", "{'items': 'rows[0]'}")).singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("value.items"));
    }

    @Test
    void minutesToDecideOnlyOnApprovalSteps() throws Exception {
        assertThat(valueProblems("core.noop", "{'minutesToDecide': 2}")).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("value.minutesToDecide");
            assertThat(v.message()).isEqualTo("Minutes to decide apply only to approval steps (core.approval)");
        });
        assertThat(valueProblems("core.approval", "{'minutesToDecide': 2, 'minutes': 1}")).isEmpty();
    }

    @Test
    void perItemSettingsOutsideALoopNeedTheItemsField() throws Exception {
        for (String perItem : List.of("{'minutesPerItem': 2}", "{'outcomePerItem': 0.5}")) {
            assertThat(valueProblems("core.noop", perItem)).as(perItem).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("value.items");
                assertThat(v.message()).isEqualTo("Say which output field holds the items (value setting 'items')");
            });
        }
        assertThat(valueProblems("core.noop", "{'minutesPerItem': 2, 'items': 'body.rows'}")).isEmpty();
        // a loop counts the items that succeeded
        assertThat(valueProblems("util.loop", "{'minutesPerItem': 2, 'outcomePerItem': 3}")).isEmpty();
    }

    @Test
    void aTriggerHasNoValueSettings() throws Exception {
        var problems = validate("{'name': 'W', 'nodes': [{'id': 'start', 'type': 'trigger.manual', 'value': {'minutes': 5}},"
                + " {'id': 'a', 'type': 'core.noop'}], 'edges': [{'from': 'start', 'to': 'a'}]}");
        assertThat(problems).singleElement().satisfies(v -> {
            assertThat(v.node()).isEqualTo("start");
            assertThat(v.field()).isEqualTo("value");
            assertThat(v.message()).isEqualTo("A trigger saves nothing by itself: set the value on the steps, or minutes per run on the workflow");
        });
    }

    @Test
    void anN8nExpressionAnImportCouldNotTranslateBlocksPublishingAndImportedPlaceholdersAreNamed() throws Exception {
        var problems = validator.validate(json.readValue("""
                {"name": "x", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "call", "type": "http.request", "params": {"url": "={{ $json.body.id }}"}},
                  {"id": "text", "type": "core.transform", "params": {"value": "literal \\\\{{ $json.x }} is text"}},
                  {"id": "code", "type": "import.placeholder", "params": {"n8nType": "n8n-nodes-base.code", "reason": "no equivalent"}}],
                 "edges": [{"from": "t", "to": "call"}, {"from": "call", "to": "text"}, {"from": "text", "to": "code"}]}""", WorkflowDefinition.class));
        assertThat(problems).anyMatch(v -> "call".equals(v.node()) && v.message().startsWith("An n8n expression that was not translated"));
        assertThat(problems).noneMatch(v -> "text".equals(v.node()));
        assertThat(problems).anyMatch(v -> "code".equals(v.node()) && v.message().startsWith("Imported from n8n (n8n-nodes-base.code)"));
    }
}
