package io.flowmeter.connector;

import io.flowmeter.connection.Connections;
import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.connector.spi.OutputField;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.shared.ValidationFailedException.Violation;
import io.flowmeter.template.Templates;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowDefinition.Edge;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import io.flowmeter.workflow.service.DefinitionValidator;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every action of every connector describes itself fully and truthfully enough for the builder and the README:
 * help, a sample output its declared outputs can be found in, accepted connection kinds, and an example that
 * passes validation. The README's step-type table is generated from this metadata ({@link StepTypeTable}).
 */
class ConnectorMetadataTest {

    final List<Connector> connectors = StepTypeTable.connectors();

    @Test
    void everyBuiltInConnectorIsCovered() {
        assertThat(connectors).extracting(Connector::key)
                .containsExactlyInAnyOrder("trigger", "core", "http", "slack", "discord", "github", "stripe", "llm", "google", "email", "util");
    }

    @Test
    void everyActionHasHelpASampleAuthKindsAndAnExampleOfItsOwnParameters() {
        var soft = new SoftAssertions();
        for (Connector connector : connectors) {
            for (ActionDefinition action : connector.actions()) {
                String type = connector.key() + "." + action.key();
                soft.assertThat(action.help()).as(type + ": help").isNotBlank();
                soft.assertThat(action.sample()).as(type + ": sample").isNotNull();
                soft.assertThat(action.authKinds()).as(type + ": auth kinds").isNotEmpty().doesNotHaveDuplicates();

                Set<String> declared = new HashSet<>();
                action.params().forEach(p -> declared.add(p.name()));
                soft.assertThat(declared).as(type + ": the example's parameters are declared ones").containsAll(action.example().keySet());
                for (ParamSpec param : action.params()) {
                    Object value = action.example().get(param.name());
                    if (param.required()) {
                        soft.assertThat(value == null ? "" : value.toString()).as(type + ": the example gives required '" + param.name() + "'")
                                .isNotBlank();
                    }
                    if (value != null && !param.options().isEmpty()) {
                        soft.assertThat(param.options()).as(type + ": the example's '" + param.name() + "' is an option").contains(value.toString());
                    }
                }
                soft.assertThat(connector.validate(action.key(), action.example())).as(type + ": the connector's checks of the example").isEmpty();

                soft.assertThat(action.outputs()).as(type + ": output paths").extracting(OutputField::path).doesNotHaveDuplicates();
                if (action.sample() instanceof Map<?, ?> sample) {
                    for (OutputField output : action.outputs()) {
                        soft.assertThat(sample.containsKey(output.root()))
                                .as(type + ": output '" + output.path() + "' is in the sample " + sample).isTrue();
                        at(sample, output.path()).ifPresent(value -> soft.assertThat(fits(output.type(), value))
                                .as(type + ": the sample's " + output.path() + " (" + value + ") is a " + output.type()).isTrue());
                    }
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void everyExamplePassesTheWorkflowValidator() {
        var validator = new DefinitionValidator(new ConnectorRegistry(connectors), new Templates(), new Connections() {
            @Override
            public boolean exists(UUID connectionId) {
                return false;
            }

            @Override
            public Optional<Credentials> credentials(UUID connectionId) {
                return Optional.empty();
            }

            @Override
            public Credentials refreshed(UUID connectionId, Credentials rejected) {
                throw new UnsupportedOperationException();
            }
        });
        var soft = new SoftAssertions();
        for (Connector connector : connectors) {
            for (ActionDefinition action : connector.actions()) {
                String type = connector.key() + "." + action.key();
                List<Violation> problems = validator.validate(workflowAround(type, action.example()));
                soft.assertThat(problems).as(type + ": a workflow with the example step").isEmpty();
            }
        }
        soft.assertAll();
    }

    @Test
    void authKindsAreTheConnectionModulesKindsOrNone() {
        List<String> kinds = new ArrayList<>(List.of("none"));
        Arrays.stream(AuthKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).forEach(kinds::add);
        assertThat(ActionDefinition.AUTH_KINDS).containsExactlyInAnyOrderElementsOf(kinds);
    }

    @Test
    void theReadmesStepTypeTableIsGeneratedFromTheMetadata() throws Exception {
        Path file = StepTypeTable.readme();
        String readme = Files.readString(file, StandardCharsets.UTF_8);
        String generated = StepTypeTable.block(connectors);
        if (Boolean.getBoolean("flowmeter.regenerate")) {
            Files.writeString(file, StepTypeTable.rewrite(readme, generated), StandardCharsets.UTF_8);
            return;
        }
        assertThat(StepTypeTable.current(readme))
                .as("README.md's step-type table differs from the connectors' metadata; regenerate it with\n  "
                        + StepTypeTable.REGENERATE + "\n")
                .isEqualTo(generated);
    }

    /** A trigger with the example as its parameters, or a manual trigger leading to a step with them. */
    private static WorkflowDefinition workflowAround(String type, Map<String, Object> example) {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        if (type.startsWith("trigger.")) {
            nodes.add(node("start", type, example));
            nodes.add(node("next", "core.noop", Map.of()));
            edges.add(new Edge("start", "next", null, null));
        } else {
            nodes.add(node("start", "trigger.manual", Map.of()));
            nodes.add(node("step", type, example));
            edges.add(new Edge("start", "step", null, null));
            if (type.equals("util.loop")) {
                nodes.add(node("each", "core.noop", Map.of()));
                edges.add(new Edge("step", "each", null, "each"));
            }
        }
        return new WorkflowDefinition("Example of " + type, null, nodes, edges);
    }

    private static Node node(String id, String type, Map<String, Object> params) {
        return new Node(id, type, null, params, null, null, null, null);
    }

    /** The value at a dotted path of the sample, when every step of the path is a map holding the next name. */
    private static Optional<Object> at(Map<?, ?> sample, String path) {
        Object current = sample;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(part) || map.get(part) == null) {
                return Optional.empty();
            }
            current = map.get(part);
        }
        return Optional.of(current);
    }

    private static boolean fits(String type, @Nullable Object value) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            case "object" -> value instanceof Map<?, ?>;
            case "list" -> value instanceof List<?>;
            default -> true;
        };
    }
}
