package io.flowmeter.workflow.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextArea;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.workflow.WorkflowRuns;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.UUID;

/** "Run" with an input: JSON checked in place, prefilled from the trigger's sample input. */
class RunWorkflowDialog extends Dialog {

    RunWorkflowDialog(UUID workflowId, String name, WorkflowDefinition.@Nullable Node trigger, WorkflowRuns runs, ObjectMapper json,
                      Runnable started) {
        setHeaderTitle("Run " + name);
        setWidth("min(34rem, 95vw)");
        var input = new TextArea("Input (JSON)");
        input.setWidthFull();
        input.setMinHeight("10rem");
        input.setId("run-input");
        Object sample = trigger == null ? null : trigger.paramsOrEmpty().get("sampleInput");
        try {
            input.setValue(sample == null ? "{}" : json.writerWithDefaultPrettyPrinter().writeValueAsString(sample));
        } catch (JsonProcessingException e) {
            input.setValue("{}");
        }
        input.setHelperText("Steps see it as trigger.<field>");
        add(input);
        var start = new Button("Run", e -> {
            Object value;
            try {
                value = json.readValue(input.getValue().isBlank() ? "{}" : input.getValue(), Object.class);
            } catch (JsonProcessingException problem) {
                input.setErrorMessage("Not valid JSON: " + problem.getOriginalMessage());
                input.setInvalid(true);
                return;
            }
            if (!(value instanceof Map<?, ?> map)) {
                input.setErrorMessage("The input is a JSON object, e.g. {\"name\": \"Ada\"}");
                input.setInvalid(true);
                return;
            }
            try {
                @SuppressWarnings("unchecked")
                UUID runId = runs.startManual(workflowId, (Map<String, Object>) map);
                close();
                Feedback.success("Run started (" + runId + ")");
                started.run();
            } catch (InvalidInputException | ConflictException problem) {
                input.setErrorMessage(problem.getMessage());
                input.setInvalid(true);
            }
        });
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.setId("run-start");
        getFooter().add(new Button("Cancel", e -> close()), start);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                input.focus();
            }
        });
    }
}
