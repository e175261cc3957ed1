package io.flowmeter.connector.core;

import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.OutputField;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import io.flowmeter.connector.spi.ParamValues;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Logic steps: no-op, transform, condition, delay, approval and sub-workflow. Waiting steps return a wait
 * result; the engine keeps them durably and holds no thread meanwhile.
 */
@Component
public class CoreConnector implements Connector {

    static final Duration MAX_DELAY = Duration.ofDays(365);

    @Override
    public String key() {
        return "core";
    }

    @Override
    public String displayName() {
        return "Logic";
    }

    @Override
    public String icon() {
        return "vaadin:split";
    }

    @Override
    public String description() {
        return "Conditions, delays, approvals and sub-workflows";
    }

    @Override
    public List<ActionDefinition> actions() {
        return List.of(
                new ActionDefinition("noop", "Do nothing", "Passes; useful as a join point", List.of(), true)
                        .withHelp("Does nothing and outputs an empty object; a join point where branches meet.")
                        .withAuthKinds("none")
                        .withExample(Map.of())
                        .withSample(Map.of()),
                new ActionDefinition("transform", "Transform", "Builds an object from templates; the result is the output",
                        List.of(ParamSpec.required("value", ParamType.JSON, "The output, e.g. {\"total\": \"{{add trigger.a trigger.b}}\"}")), true)
                        .withHelp("Builds its output from the templates in value (an object, a list or text), rendered against the run "
                                + "so far; the output is the rendered value itself, so its fields are whatever value names.")
                        .withAuthKinds("none")
                        .withExample(Map.of("value", Map.of("total", "{{add trigger.a trigger.b}}", "customer", "{{trigger.email}}")))
                        .withSample(Map.of("total", 42, "customer", "ada@example.com")),
                new ActionDefinition("condition", "Condition", "Evaluates a condition; branch with edge conditions on its output",
                        List.of(ParamSpec.required("condition", ParamType.STRING, "A template that renders to true or false")), true)
                        .withHelp("Renders condition and outputs {result: true/false}; branch with edge conditions on it. A condition "
                                + "that renders anything but true, false or nothing fails the step.")
                        .withAuthKinds("none")
                        .withExample(Map.of("condition", "{{gt trigger.total 100}}"))
                        .withOutputs(OutputField.bool("result", "What the condition rendered"))
                        .withSample(Map.of("result", true)),
                new ActionDefinition("delay", "Delay", "Waits for a duration or until a time (may be days)",
                        List.of(ParamSpec.optional("duration", ParamType.DURATION, "e.g. PT10M or 600000", null),
                                ParamSpec.optional("until", ParamType.DATETIME, "e.g. 2026-01-31T09:00:00Z", null)), false)
                        .withHelp("Waits for duration (ISO-8601 like PT10M, or milliseconds) or until a time, exactly one of the two, "
                                + "up to a year; the wait is durable and holds no thread.")
                        .withAuthKinds("none")
                        .withExample(Map.of("duration", "PT10M"))
                        .withOutputs(OutputField.string("waitedUntil", "When the wait ended (ISO-8601)"))
                        .withSample(Map.of("waitedUntil", "2026-01-31T09:10:00Z")),
                new ActionDefinition("approval", "Approval", "Waits until a member approves or rejects",
                        List.of(ParamSpec.optional("message", ParamType.TEXT, "What the approver sees", ""),
                                ParamSpec.optional("timeout", ParamType.DURATION, "Give up after this long (output outcome = timeout)", null)), false)
                        .withHelp("Waits until a member approves or rejects, on the Approvals screen or with POST "
                                + "/api/v1/runs/{id}/steps/{node}/approve or /reject. With timeout, it completes with approved false "
                                + "and outcome timeout when nobody answered in time.")
                        .withAuthKinds("none")
                        .withExample(Map.of("message", "Pay {{trigger.total}} to {{trigger.vendor}}?", "timeout", "P2D"))
                        .withOutputs(OutputField.bool("approved", "Whether it was approved"),
                                OutputField.string("outcome", "approved, rejected or timeout"),
                                OutputField.string("by", "Who answered (their email, or api)"),
                                OutputField.string("comment", "The approver's comment"),
                                OutputField.string("at", "When they answered (ISO-8601)"))
                        .withSample(Map.of("approved", true, "outcome", "approved", "by", "ada@example.com", "comment", "Invoice checked",
                                "at", "2026-01-31T09:12:03Z")),
                new ActionDefinition("subworkflow", "Run another workflow", "Starts a published workflow and waits for its result",
                        List.of(ParamSpec.required("workflowId", ParamType.STRING, "The workflow to run"),
                                ParamSpec.optional("input", ParamType.JSON, "Its input", Map.of())), false)
                        .withHelp("Runs the latest published version of another workflow of the organization with input, and waits; "
                                + "the output is the child run's output (its last steps' outputs, by step id). A failed child fails the step.")
                        .withAuthKinds("none")
                        .withExample(Map.of("workflowId", "3f6c1a2e-8b1d-4c1e-9a57-2d0f6b8e4c11", "input", Map.of("orderId", "{{trigger.orderId}}")))
                        .withSample(Map.of("notify", Map.of("channel", "C123ABC456", "ts", "1503435956.000247"))));
    }

    @Override
    public ActionResult execute(String action, ActionRequest request) throws ActionException {
        return switch (action) {
            case "noop" -> ActionResult.completed(Map.of());
            case "transform" -> ActionResult.completed(request.param("value"));
            case "condition" -> ActionResult.completed(Map.of("result", truth(request.param("condition"))));
            case "delay" -> delay(request);
            case "approval" -> approval(request);
            case "subworkflow" -> subworkflow(request);
            default -> throw ActionException.permanent("Unknown action core." + action);
        };
    }

    private static boolean truth(Object value) throws ActionException {
        String text = String.valueOf(value).strip();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false") || text.isEmpty()) {
            return false;
        }
        throw ActionException.permanent("The condition rendered '" + text + "'; it must render to true or false");
    }

    private static ActionResult delay(ActionRequest request) throws ActionException {
        Optional<Duration> duration = ParamValues.duration("duration", request.param("duration"));
        Optional<Instant> until = ParamValues.instant("until", request.param("until"));
        if (duration.isPresent() == until.isPresent()) {
            throw ActionException.permanent("A delay needs exactly one of 'duration' and 'until'");
        }
        Instant wakeAt = until.orElseGet(() -> Instant.now().plus(duration.get()));
        if (duration.isPresent() && (duration.get().isNegative() || duration.get().compareTo(MAX_DELAY) > 0)) {
            throw ActionException.permanent("A delay lasts between 0 and 365 days");
        }
        return new ActionResult.WaitUntil(wakeAt, Map.of("waitedUntil", wakeAt.toString()));
    }

    private static ActionResult approval(ActionRequest request) throws ActionException {
        Optional<Duration> timeout = ParamValues.duration("timeout", request.param("timeout"));
        Instant timeoutAt = timeout.map(t -> Instant.now().plus(t)).orElse(null);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("message", request.string("message", ""));
        if (timeoutAt != null) {
            info.put("timeoutAt", timeoutAt.toString());
        }
        return new ActionResult.WaitForSignal("approval", timeoutAt,
                Map.of("approved", false, "outcome", "timeout"), info);
    }

    @SuppressWarnings("unchecked")
    private static ActionResult subworkflow(ActionRequest request) throws ActionException {
        UUID workflowId;
        try {
            workflowId = UUID.fromString(request.string("workflowId", ""));
        } catch (IllegalArgumentException e) {
            throw ActionException.permanent("'workflowId' must be a workflow id");
        }
        Object input = request.param("input");
        Map<String, Object> childInput = input instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        UUID child = request.context().startChildRun(workflowId, childInput);
        return new ActionResult.WaitForSignal("subworkflow", null, null, Map.of("childRunId", child.toString()));
    }
}
