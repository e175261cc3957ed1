package io.flowmeter.connector.core;

import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.OutputField;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Triggers start runs; as a step, a trigger's output is the run's input. The webhook trigger's parameters are read
 * by the trigger module, which receives the requests. Schedules and polling join here later.
 */
@Component
public class TriggerConnector implements Connector {

    @Override
    public String key() {
        return "trigger";
    }

    @Override
    public String displayName() {
        return "Trigger";
    }

    @Override
    public String icon() {
        return "vaadin:bolt";
    }

    @Override
    public String description() {
        return "What starts a run";
    }

    @Override
    public List<ActionDefinition> actions() {
        return List.of(new ActionDefinition("manual", "Manual or API", "Started by hand or by POST /api/v1/workflows/{id}/runs with a JSON input",
                        List.of(ParamSpec.optional("sampleInput", ParamType.JSON, "An example input, used to try the workflow", null)), true)
                        .withHelp("Starts a run by hand (Run in the builder) or by POST /api/v1/workflows/{id}/runs with a JSON object; "
                                + "as a step, its output is that input, so its fields are whatever the caller sends.")
                        .withAuthKinds("none")
                        .withExample(Map.of("sampleInput", Map.of("orderId", "A-1001", "total", 120)))
                        .withSample(Map.of("orderId", "A-1001", "total", 120)),
                new ActionDefinition("webhook", "Webhook", "Started by a request to the workflow's own URL (/hooks/<token>); the run's "
                        + "input is {method, query, headers, body}. A signing secret connection enables signature checks.", List.of(
                        ParamSpec.optional("methods", ParamType.JSON, "Allowed HTTP methods, e.g. [\"POST\"]", List.of("POST")),
                        ParamSpec.select("responseMode", false, "accept: 202 with the run id once stored; wait: answer with a step's output",
                                "accept", List.of("accept", "wait")),
                        ParamSpec.optional("responseStep", ParamType.STRING, "wait mode: the step whose output is the response", null),
                        ParamSpec.optional("waitTimeoutMs", ParamType.NUMBER, "wait mode: answer 202 if the step takes longer (max 30000)", 10_000),
                        ParamSpec.select("signature", false, "How requests are signed", "none",
                                List.of("none", "standard", "github", "stripe", "hmac")),
                        ParamSpec.optional("signatureHeader", ParamType.STRING, "hmac: the header with the signature", "X-Signature"),
                        ParamSpec.select("signatureEncoding", false, "hmac: how the signature is written", "hex", List.of("hex", "base64")),
                        ParamSpec.optional("toleranceSeconds", ParamType.NUMBER, "standard, stripe: accepted clock difference", 300),
                        ParamSpec.optional("maxBodyBytes", ParamType.NUMBER, "Larger bodies are refused with 413 (max 1000000)", 1_000_000),
                        ParamSpec.optional("rateLimitPerMinute", ParamType.NUMBER, "Requests per minute for this workflow; 0: no limit "
                                + "beyond the organization's", 0),
                        ParamSpec.select("whenPaused", false, "While the workflow is paused: reject requests with 409, or queue them "
                                + "(202) and start their runs when it is resumed", "reject", List.of("reject", "queue")),
                        sample("{\"method\": \"POST\", \"headers\": {}, \"query\": {}, \"body\": {\"orderId\": \"A-1001\"}}")), true)
                        .withHelp("Starts a run for each request to the workflow's own URL (/hooks/<token>): answers 202 once the run "
                                + "is stored, or in wait mode with a step's output. With a signing secret connection and a signature "
                                + "scheme, requests without a valid signature are refused.")
                        .withAuthKinds("none", "signing_secret")
                        .withExample(Map.of("methods", List.of("POST"), "responseMode", "accept", "signature", "none"))
                        .withOutputs(OutputField.string("method", "The request's HTTP method"),
                                OutputField.object("query", "Query parameters by name"),
                                OutputField.object("headers", "Request headers by lower-case name, Authorization and Cookie left out"),
                                OutputField.any("body", "Parsed JSON, form fields or text; base64 for binary bodies (with bodyEncoding)"))
                        .withSample(Map.of("method", "POST", "query", Map.of(), "headers", Map.of("content-type", "application/json",
                                "user-agent", "Shop/2.1"), "body", Map.of("orderId", "A-1001", "total", 120))),
                new ActionDefinition("schedule", "Schedule", "Starts a run on a cron schedule or every interval, in a time zone; "
                        + "the run's input is {firedAt}", List.of(
                        ParamSpec.optional("cron", ParamType.STRING, "minute hour day-of-month month day-of-week, e.g. 0 9 * * 1-5", null),
                        ParamSpec.optional("interval", ParamType.STRING, "or every ISO-8601 duration, e.g. PT15M (at least PT1M)", null),
                        ParamSpec.optional("timezone", ParamType.STRING, "IANA time zone, e.g. Europe/Berlin", "UTC"),
                        ParamSpec.select("overlap", false, "When the previous run is still going: allow another, skip this one, "
                                + "or queue it until the previous one ends", "skip", List.of("allow", "skip", "queue")),
                        sample("{\"firedAt\": \"2026-01-05T09:00:00Z\"}")), true)
                        .withHelp("Starts a run on a cron schedule or every interval, in a time zone; the run's input is {firedAt}. "
                                + "overlap decides what happens when the previous run is still going.")
                        .withAuthKinds("none")
                        .withExample(Map.of("cron", "0 9 * * 1-5", "timezone", "Europe/Berlin", "overlap", "skip"))
                        .withOutputs(OutputField.string("firedAt", "When the schedule fired (ISO-8601)"))
                        .withSample(Map.of("firedAt", "2026-01-05T08:00:00Z")),
                new ActionDefinition("poll", "Polling", "Checks a service every interval and starts one run per new item "
                        + "(the run's input.item); the first check only notes what exists", List.of(
                        ParamSpec.required("source", ParamType.STRING, "What to watch, e.g. github.newIssues or http.jsonList"),
                        ParamSpec.optional("sourceParams", ParamType.JSON, "The source's parameters, e.g. {\"owner\": \"acme\", \"repo\": \"app\"}", Map.of()),
                        ParamSpec.optional("interval", ParamType.STRING, "How often, ISO-8601 (at least PT1M)", "PT5M"),
                        sample("{\"item\": {}}")), true)
                        .withHelp("Checks a source (github.newIssues, google.sheetsNewRow, http.jsonList) every interval with the "
                                + "trigger's connection and starts one run per new item, oldest first; the first check only notes what exists.")
                        .withAuthKinds("none", "oauth2", "bearer", "basic", "api_key", "header")
                        .withExample(Map.of("source", "github.newIssues", "sourceParams", Map.of("owner", "octocat", "repo", "Hello-World"),
                                "interval", "PT5M"))
                        .withOutputs(OutputField.object("item", "The new item, as the source lists it"),
                                OutputField.string("itemId", "Its id at the source"),
                                OutputField.string("polledAt", "When the poll saw it (ISO-8601)"))
                        .withSample(Map.of("item", Map.of("id", 2161043912L, "number", 1347, "title", "Found a bug", "state", "open"),
                                "itemId", "2161043912", "polledAt", "2026-01-31T09:05:00Z")));
    }

    @Override
    public java.util.Map<String, String> validate(String action, java.util.Map<String, Object> params) {
        if (action.equals("poll")) {
            try {
                ScheduleParams.parse(java.util.Map.of("interval", params.getOrDefault("interval", "PT5M")));
                return java.util.Map.of();
            } catch (ScheduleParams.Invalid invalid) {
                return invalid.problems();
            }
        }
        if (!action.equals("schedule")) {
            return java.util.Map.of();
        }
        try {
            ScheduleParams.parse(params);
            return java.util.Map.of();
        } catch (ScheduleParams.Invalid invalid) {
            return invalid.problems();
        }
    }

    @Override
    public ActionResult execute(String action, ActionRequest request) {
        return ActionResult.completed(request.param("input"));
    }

    /** Every trigger takes an example input: the builder tests steps with it, Run prefills it. */
    private static ParamSpec sample(String shape) {
        return ParamSpec.optional("sampleInput", ParamType.JSON, "An example input for trying the workflow in the builder, shaped like "
                + shape, null);
    }
}
