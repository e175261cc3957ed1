package io.flowmeter.workflow.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.flowmeter.connection.ConnectionChoices;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.shared.ValidationFailedException.Violation;
import io.flowmeter.shared.ui.CopyField;
import io.flowmeter.workflow.StepTests;
import io.flowmeter.workflow.domain.RetryPolicy;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The side panel of the selected step: its name and id, the problems that block publishing, the connection picker
 * (connections of the step's connector only, with "New connection" in place), a form rendered from the action's
 * parameter schema, the step's value settings (ROI), retry and timeout settings, and delete. Every edit goes to the
 * draft as one change.
 */
class StepPanel extends VerticalLayout {

    /** Connectors whose steps never use a connection. */
    private static final Set<String> WITHOUT_CONNECTION = Set.of("core", "util", "trigger");

    /** What the panel asks of the builder. */
    interface Host {
        void edit(String nodeId, UnaryOperator<Node> change);

        void delete(String nodeId);

        @Nullable Component triggerPanel(Node trigger);

        /** Suggestions and previews for this step's template fields (null while read only). */
        ParamField.@Nullable TemplateAssist assist(String nodeId);

        /** Whether "Test step" is offered (it calls the real service: operators and up). */
        boolean mayTest();

        /** Runs the step once with the sample data; the builder shows the result and keeps its output as sample data. */
        void test(String nodeId);

        StepTests.@Nullable Result lastTest(String nodeId);

        /** The workflow's business key template, shown with the trigger. */
        @Nullable String businessKey();

        void businessKey(@Nullable String template);
    }

    /** The business key field: a workflow setting, edited with the trigger because it is made of the trigger's data. */
    static final ParamSpec BUSINESS_KEY = ParamSpec.optional("businessKey", io.flowmeter.connector.spi.ParamType.STRING,
            "Business key: what a run is about, e.g. {{trigger.body.orderId}}. Worked out when a run starts, so runs can be "
                    + "found by it on the Runs screen and with GET /api/v1/runs?businessKey=…", null);

    private final UnorderedList problemList = new UnorderedList();
    private @Nullable StepValueForm valueForm;

    StepPanel(Node node, StepCatalog.@Nullable StepType type, List<Violation> problems, boolean readOnly, boolean mayCreateConnections,
              ConnectionChoices connections, ObjectMapper json, Host host) {
        addClassName("fm-step-panel");
        setPadding(false);
        String id = node.id() == null ? "" : node.id();
        var title = new H3(DraftModel.label(node));
        title.addClassName("fm-panel-title");
        var head = new HorizontalLayout(StepPalette.icon(type == null ? "vaadin:question-circle" : type.icon()), title);
        head.setAlignItems(FlexComponent.Alignment.CENTER);
        add(head);
        if (io.flowmeter.workflow.importer.N8nImporter.PLACEHOLDER.equals(node.type())) {
            var what = new Paragraph("Imported from n8n (" + node.paramsOrEmpty().getOrDefault("n8nType", "?") + "), which Flowmeter has no "
                    + "equivalent for: " + node.paramsOrEmpty().getOrDefault("reason", "") + ". Add steps that do the same, connect them in its "
                    + "place, and delete this one: the workflow cannot be published while it is here.");
            what.setId("step-placeholder");
            add(what);
            var original = new com.vaadin.flow.component.textfield.TextArea("The n8n node's parameters");
            original.setId("step-placeholder-parameters");
            original.setReadOnly(true);
            original.setWidthFull();
            original.setMaxHeight("16rem");
            try {
                original.setValue(json.writerWithDefaultPrettyPrinter().writeValueAsString(node.paramsOrEmpty().getOrDefault("parameters", java.util.Map.of())));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                original.setValue(String.valueOf(node.paramsOrEmpty().get("parameters")));
            }
            add(original);
        } else if (type == null) {
            add(new Paragraph("Unknown step type '" + node.type() + "': delete this step and add a known one."));
        } else {
            var what = new Paragraph(type.connectorName() + " · " + type.action().name() + ": "
                    + (type.action().help().isBlank() ? type.action().description() : type.action().help()));
            what.addClassName("fm-muted");
            what.setId("step-help");
            add(what);
            if (!type.action().outputs().isEmpty()) {
                var outputs = new Paragraph("Output: " + type.action().outputs().stream()
                        .map(o -> o.path() + " (" + o.type() + ")").collect(java.util.stream.Collectors.joining(", ")));
                outputs.addClassName("fm-muted");
                outputs.setId("step-outputs");
                outputs.getElement().setAttribute("title", type.action().outputs().stream()
                        .map(o -> o.path() + ": " + o.description()).collect(java.util.stream.Collectors.joining("\n")));
                add(outputs);
            }
        }
        problemList.addClassName("fm-problems");
        problemList.setId("step-problems");
        add(problemList);

        var name = new TextField("Name");
        name.setWidthFull();
        name.setValue(DraftModel.label(node));
        name.setReadOnly(readOnly);
        name.setId("step-name");
        name.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        name.addValueChangeListener(e -> {
            if (validName(name)) {
                host.edit(id, n -> n.withName(name.getValue().strip()));
            }
        });
        var stepId = new CopyField("Step id", id);
        stepId.setHelperText(node.isTrigger() ? "Later steps read the run's input as {{trigger.…}}"
                : "Later steps read its output as {{steps." + id + ".output.…}}");
        add(name, stepId);

        if (node.isTrigger()) {
            Component live = host.triggerPanel(node);
            if (live != null) {
                add(live);
            }
        }
        if (node.isTrigger()) {
            var key = new ParamField(BUSINESS_KEY, host.businessKey(), readOnly, json, host.assist(id), changed ->
                    host.businessKey(changed == null ? null : changed.toString())).component();
            key.setId("builder-business-key");
            add(key);
        }
        if (type != null && (!WITHOUT_CONNECTION.contains(type.connectorKey()) || type.type().equals("trigger.webhook"))) {
            add(connectionPicker(node, type, readOnly, mayCreateConnections, connections, host));
        }
        if (type != null) {
            for (ParamSpec spec : type.action().params()) {
                Object value = node.paramsOrEmpty().get(spec.name());
                add(new ParamField(spec, value, readOnly, json, host.assist(id), changed -> host.edit(id, n -> withParam(n, spec.name(), changed)))
                        .component());
            }
        }
        if (host.mayTest() && type != null) {
            add(testSection(id, node.isTrigger(), host.lastTest(id), json, host));
        }
        if (!node.isTrigger()) {
            valueForm = new StepValueForm(node, readOnly, problems, change -> host.edit(id, change));
            add(valueForm);
            add(advanced(node, readOnly, host));
        } else if (node.value() != null && !node.value().isEmpty() && !readOnly) {
            // imported that way: the validator refuses it, and this is where it goes away
            var remove = new Button("Remove the value settings", e -> host.edit(id, n -> n.withValue(null)));
            remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            remove.setId("step-value-remove");
            add(remove);
        }
        showProblems(problems);
        if (!readOnly) {
            var delete = new Button("Delete step", VaadinIcon.TRASH.create(), e -> host.delete(id));
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            delete.setId("step-delete");
            add(delete);
        }
    }

    private Component testSection(String id, boolean trigger, StepTests.@Nullable Result last, ObjectMapper json, Host host) {
        var box = new VerticalLayout();
        box.setPadding(false);
        box.setSpacing(false);
        box.addClassName("fm-test-section");
        var test = new Button(trigger ? "Use sample input" : "Test step", VaadinIcon.FLASK.create(), e -> host.test(id));
        test.addThemeVariants(ButtonVariant.LUMO_SMALL);
        test.setId("step-test");
        test.setDisableOnClick(true);
        var hint = new Span(trigger ? "Later steps are tested with the sample input above as trigger.*"
                : "Runs this step once now with the sample data (a real call); its output becomes sample data for later steps");
        hint.addClassName("fm-muted");
        box.add(test, hint);
        if (last != null) {
            var status = new Span((last.succeeded() ? "Succeeded" : "Failed") + " in " + last.millis() + " ms");
            status.getElement().getThemeList().add(last.succeeded() ? "badge success" : "badge error");
            status.setId("step-test-status");
            box.add(status);
            if (last.note() != null) {
                box.add(new Paragraph(last.note()));
            }
            if (last.error() != null) {
                var error = new Paragraph(last.error());
                error.addClassName("fm-preview-error");
                error.setId("step-test-error");
                box.add(error);
            }
            if (last.input() != null && !trigger) {
                box.add(jsonBlock("Input (rendered)", last.input(), json, "step-test-input"));
            }
            if (last.output() != null) {
                box.add(jsonBlock("Output", last.output(), json, "step-test-output"));
            }
            if (!last.logs().isBlank()) {
                box.add(jsonBlock("Logs", last.logs(), json, "step-test-logs"));
            }
        }
        return box;
    }

    private static Component jsonBlock(String title, Object value, ObjectMapper json, String id) {
        String text;
        try {
            text = value instanceof String s ? s : json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            text = String.valueOf(value);
        }
        if (text.length() > 20_000) {
            text = text.substring(0, 20_000) + "\n… (" + text.length() + " characters in all)";
        }
        var pre = new com.vaadin.flow.component.html.Pre(text);
        pre.addClassName("fm-json-block");
        pre.setId(id);
        var details = new Details(new Span(title), pre);
        details.setOpened(true);
        return details;
    }

    /** A workflow's or step's name has 1 to 120 characters; says so on the field otherwise. */
    static boolean validName(TextField field) {
        String value = field.getValue().strip();
        boolean valid = !value.isEmpty() && value.length() <= 120;
        field.setInvalid(!valid);
        field.setErrorMessage(valid ? null : "A name has 1 to 120 characters");
        return valid;
    }

    /**
     * Refreshes what blocks publishing after an edit, leaving the form (and the field being edited) alone; the value
     * section also marks the settings the problems are about.
     */
    void showProblems(List<Violation> problems) {
        problemList.removeAll();
        List<String> messages = problems.stream().map(Violation::message).distinct().toList();
        messages.forEach(p -> problemList.add(new ListItem(p)));
        problemList.setVisible(!messages.isEmpty());
        if (valueForm != null) {
            valueForm.showProblems(problems);
        }
    }

    static Node withParam(Node node, String name, @Nullable Object value) {
        Map<String, Object> params = new LinkedHashMap<>(node.paramsOrEmpty());
        if (value == null) {
            params.remove(name);
        } else {
            params.put(name, value);
        }
        return node.withParams(params);
    }

    private Component connectionPicker(Node node, StepCatalog.StepType type, boolean readOnly, boolean mayCreate,
                                       ConnectionChoices connections, Host host) {
        String id = node.id() == null ? "" : node.id();
        var picker = new ComboBox<ConnectionChoices.Choice>("Connection");
        picker.setWidthFull();
        picker.setId("step-connection");
        picker.setItemLabelGenerator(c -> c.name() + (c.status().equals("CONNECTED") ? "" : " (" + c.status().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")"));
        boolean webhook = type.type().equals("trigger.webhook");
        // a webhook's connection holds the signing secret its signature check uses: any connection may
        List<ConnectionChoices.Choice> choices = connections.usableBy(webhook ? "http" : type.connectorKey());
        if (webhook) {
            picker.setLabel("Signing secret (connection)");
        }
        picker.setItems(choices);
        picker.setClearButtonVisible(true);
        picker.setReadOnly(readOnly);
        picker.setHelperText(webhook ? "For the signature check chosen below; none: requests are not verified"
                : choices.isEmpty() ? "No " + type.connectorName() + " connection yet" : "The account this step acts as");
        if (node.connection() != null) {
            choices.stream().filter(c -> c.id().equals(node.connection())).findFirst().ifPresent(picker::setValue);
        }
        picker.addValueChangeListener(e -> {
            if (e.isFromClient() || e.getValue() != null) {
                UUID chosen = e.getValue() == null ? null : e.getValue().id();
                host.edit(id, n -> n.withConnection(chosen));
            }
        });
        var create = new Button("New connection", VaadinIcon.PLUS.create(), e -> connections.openNewConnectionDialog(webhook ? null : type.connectorKey(),
                created -> host.edit(id, n -> n.withConnection(created))));
        create.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        create.setId("step-new-connection");
        create.setVisible(!readOnly);
        create.setEnabled(mayCreate);
        if (!mayCreate) {
            create.setTooltipText("Only admins add connections; ask one of them");
        }
        var box = new VerticalLayout(picker, create);
        box.setPadding(false);
        box.setSpacing(false);
        return box;
    }

    private Component advanced(Node node, boolean readOnly, Host host) {
        String id = node.id() == null ? "" : node.id();
        RetryPolicy retry = node.retry() == null ? RetryPolicy.DEFAULT : node.retry();
        var attempts = new IntegerField("Attempts");
        attempts.setMin(1);
        attempts.setMax(20);
        attempts.setStepButtonsVisible(true);
        attempts.setValue(retry.maxAttempts() == null ? RetryPolicy.DEFAULT.maxAttempts() : retry.maxAttempts());
        attempts.setHelperText("Tries before the step fails (retryable errors only)");
        attempts.setId("step-attempts");
        var delay = new IntegerField("First retry after (s)");
        delay.setMin(0);
        delay.setMax(86_400);
        delay.setValue((int) ((retry.initialDelayMs() == null ? RetryPolicy.DEFAULT.initialDelayMs() : retry.initialDelayMs()) / 1000));
        delay.setHelperText("Doubles each time, up to a minute");
        var timeout = new IntegerField("Timeout (s)");
        timeout.setMin(1);
        timeout.setMax(86_400);
        timeout.setPlaceholder("default");
        timeout.setHelperText("Give up on one attempt after this long");
        if (node.timeoutMs() != null) {
            timeout.setValue((int) Math.max(1, node.timeoutMs() / 1000));
        }
        for (IntegerField field : List.of(attempts, delay, timeout)) {
            field.setReadOnly(readOnly);
            field.setWidthFull();
        }
        attempts.addValueChangeListener(e -> {
            if (e.getValue() != null && !attempts.isInvalid()) {
                host.edit(id, n -> n.withRetry(new RetryPolicy(e.getValue(), current(n).initialDelayMs(), current(n).multiplier(), current(n).maxDelayMs())));
            }
        });
        delay.addValueChangeListener(e -> {
            if (e.getValue() != null && !delay.isInvalid()) {
                host.edit(id, n -> n.withRetry(new RetryPolicy(current(n).maxAttempts(), e.getValue() * 1000L, current(n).multiplier(), current(n).maxDelayMs())));
            }
        });
        timeout.addValueChangeListener(e -> {
            if (!timeout.isInvalid()) {
                host.edit(id, n -> n.withTimeoutMs(e.getValue() == null ? null : e.getValue() * 1000L));
            }
        });
        var content = new VerticalLayout(attempts, delay, timeout);
        content.setPadding(false);
        var details = new Details(new Span("Retries and timeout"), content);
        details.setId("step-advanced");
        return details;
    }

    private static RetryPolicy current(Node node) {
        return node.retry() == null ? RetryPolicy.DEFAULT : node.retry();
    }
}
