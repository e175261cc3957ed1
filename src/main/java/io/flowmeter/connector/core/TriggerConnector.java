package io.flowmeter.connector.core;

import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Triggers start runs; as a step, a trigger's output is the run's input. Webhooks, schedules and polling join
 * here later.
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
    public List<ActionDefinition> actions() {
        return List.of(new ActionDefinition("manual", "Manual or API", "Started by hand or by POST /api/v1/workflows/{id}/runs with a JSON input",
                List.of(ParamSpec.optional("sampleInput", ParamType.JSON, "An example input, used to try the workflow", null)), true));
    }

    @Override
    public ActionResult execute(String action, ActionRequest request) {
        return ActionResult.completed(request.param("input"));
    }
}
