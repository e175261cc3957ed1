package io.flowmeter.workflow.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.textfield.TextFieldBase;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.flowmeter.shared.ValidationFailedException.Violation;
import io.flowmeter.workflow.StepValue;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The step panel's "Value" section: what one success of the step saves (minutes, an outcome worth money, once or per
 * item), the labour rate, an approval's minutes to decide, and the evidence behind the figures — the node's
 * {@code value} field, read by the ROI analytics. Each field change is one edit of the node (undo, validation and
 * autosave as for parameters), stored as {@link StepValue#asMap()} stores it: unset settings removed, none at all
 * as no value field. The validator's problems with a setting are shown on its field.
 */
final class StepValueForm extends Details {

    static final String APPROVAL = "core.approval";

    /** The fields by value key, in the order of {@link StepValue#KEYS}. */
    private final Map<String, Component> fields = new LinkedHashMap<>();
    /** Number fields holding text that is no number: the field says so, and the draft keeps the last number. */
    private final Set<String> badInput = new HashSet<>();
    private final Consumer<UnaryOperator<Node>> edit;

    /**
     * @param edit applies a change of the node through the builder's edit path
     */
    StepValueForm(Node node, boolean readOnly, List<Violation> problems, Consumer<UnaryOperator<Node>> edit) {
        this.edit = edit;
        Map<String, Object> value = node.value() == null ? Map.of() : node.value();
        boolean loop = DraftModel.LOOP.equals(node.type());

        number("minutes", "Minutes saved per success", "Manual work one successful run of this step replaces", value);
        number("minutesPerItem", "Minutes saved per item", "For each item the step processed", value);
        text(new TextField("Items field"), "items", "A field of the step's output: a list counts its items, a number counts as itself"
                + (loop ? " (optional on a loop: it counts the items that succeeded)" : ""), value);
        number("outcome", "Outcome value per success", "What the outcome is worth, in your organization's currency", value);
        number("outcomePerItem", "Outcome value per item", "Per item processed, in your organization's currency", value);
        text(new TextField("Labour rate"), "rate", "A named rate from ROI settings; the default rate without it", value);
        if (APPROVAL.equals(node.type()) || value.containsKey("minutesToDecide")) {
            number("minutesToDecide", "Minutes to decide", "People's time one approval decision takes (a cost)", value);
        }
        var evidence = new TextArea("Evidence");
        evidence.setMaxLength(2000);
        text(evidence, "evidence", "Why the figures are believable: who measured what, when", value);
        text(new TextField("Evidence link"), "evidenceUrl", "An http or https link to the measurement or source", value);
        choice("confidence", "Confidence", StepValue.CONFIDENCES, value);
        choice("basis", "Basis", StepValue.BASES, value);

        var content = new VerticalLayout();
        content.setPadding(false);
        content.setSpacing(false);
        fields.forEach((key, field) -> {
            ((HasValue<?, ?>) field).setReadOnly(readOnly);
            content.add(field);
        });
        List<String> unknown = value.keySet().stream().filter(k -> !StepValue.KEYS.contains(k)).toList();
        if (!unknown.isEmpty()) {
            content.add(unknownSettings(unknown, readOnly));
        }
        setSummaryText("Value");
        add(content);
        setId("step-value");
        setOpened(!value.isEmpty());
        showProblems(problems);
    }

    /** Marks the fields the validator found a problem with ({@code value.<key>}), and clears the others. */
    void showProblems(List<Violation> problems) {
        fields.forEach((key, field) -> {
            if (badInput.contains(key)) {
                return;
            }
            String problem = problems.stream().filter(v -> ("value." + key).equals(v.field())).map(Violation::message).findFirst().orElse(null);
            var validation = (HasValidation) field;
            validation.setErrorMessage(problem);
            validation.setInvalid(problem != null);
        });
    }

    /** The settings as the form holds them (text stripped, blanks as unset), e.g. to store one of them. */
    StepValue current() {
        return new StepValue(numberOf("minutes"), numberOf("minutesPerItem"), textOf("items"), numberOf("outcome"),
                numberOf("outcomePerItem"), textOf("rate"), numberOf("minutesToDecide"), textOf("evidence"), textOf("evidenceUrl"),
                textOf("confidence"), textOf("basis"));
    }

    /**
     * {@code node} with value setting {@code key} as {@link StepValue#asMap()} gives it in {@code settings} (removed
     * when unset); its other settings are left as they are, and an empty value field becomes none.
     */
    static Node withSetting(Node node, String key, StepValue settings) {
        Map<String, Object> old = node.value() == null ? Map.of() : node.value();
        Object setting = settings.asMap().get(key);
        Map<String, Object> value = new LinkedHashMap<>();
        for (String known : StepValue.KEYS) {
            Object kept = known.equals(key) ? setting : old.get(known);
            if (kept != null) {
                value.put(known, kept);
            }
        }
        // unknown keys stay (and the validator keeps pointing at them) until removed on purpose
        old.forEach((k, v) -> {
            if (!StepValue.KEYS.contains(k)) {
                value.put(k, v);
            }
        });
        return node.withValue(value);
    }

    private void changed(String key) {
        StepValue settings = current();
        edit.accept(n -> withSetting(n, key, settings));
    }

    private void number(String key, String label, String helper, Map<String, Object> value) {
        var field = new BigDecimalField(label);
        field.setHelperText(helper);
        field.setWidthFull();
        field.setId(id(key));
        field.setI18n(new BigDecimalField.BigDecimalFieldI18n().setBadInputErrorMessage("Give a number, such as 2.5"));
        BigDecimal initial = readNumber(value.get(key));
        if (initial != null) {
            field.setValue(initial);
        }
        field.addValueChangeListener(e -> {
            // the field checks its input before this listener runs: text that is no number leaves the draft as it was
            if (e.getValue() == null && field.isInvalid()) {
                badInput.add(key);
                return;
            }
            badInput.remove(key);
            changed(key);
        });
        fields.put(key, field);
    }

    private void text(TextFieldBase<?, String> field, String key, String helper, Map<String, Object> value) {
        field.setHelperText(helper);
        field.setWidthFull();
        field.setId(id(key));
        field.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        if (value.get(key) instanceof String text) {
            field.setValue(text);
        }
        field.addValueChangeListener(e -> changed(key));
        fields.put(key, field);
    }

    private void choice(String key, String label, List<String> options, Map<String, Object> value) {
        var select = new Select<String>();
        select.setLabel(label);
        select.setItems(options);
        select.setEmptySelectionAllowed(true);
        select.setEmptySelectionCaption("Not said");
        select.setItemLabelGenerator(option -> option == null ? "Not said"
                : option.substring(0, 1).toUpperCase(Locale.ROOT) + option.substring(1));
        select.setWidthFull();
        select.setId(id(key));
        if (value.get(key) instanceof String text && options.contains(text.strip().toLowerCase(Locale.ROOT))) {
            select.setValue(text.strip().toLowerCase(Locale.ROOT));
        }
        select.addValueChangeListener(e -> changed(key));
        fields.put(key, select);
    }

    private Component unknownSettings(List<String> unknown, boolean readOnly) {
        var note = new Paragraph("Not value settings, so nothing counts them: " + String.join(", ", unknown));
        note.setId("step-value-unknown");
        var box = new VerticalLayout(note);
        box.setPadding(false);
        box.setSpacing(false);
        if (!readOnly) {
            var remove = new Button("Remove them", e -> edit.accept(n -> {
                Map<String, Object> kept = new LinkedHashMap<>(n.value() == null ? Map.of() : n.value());
                kept.keySet().removeIf(k -> !StepValue.KEYS.contains(k));
                return n.withValue(kept);
            }));
            remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            remove.setId("step-value-remove-unknown");
            box.add(remove);
        }
        return box;
    }

    private @Nullable BigDecimal numberOf(String key) {
        return fields.get(key) instanceof BigDecimalField field ? field.getValue() : null;
    }

    private @Nullable String textOf(String key) {
        Object raw = fields.get(key) instanceof HasValue<?, ?> field ? field.getValue() : null;
        return raw instanceof String text && !text.isBlank() ? text.strip() : null;
    }

    /** A stored number as the field shows it; one that is no number shows empty (the validator names the problem). */
    private static @Nullable BigDecimal readNumber(@Nullable Object raw) {
        if (raw instanceof Number || raw instanceof String) {
            try {
                return new BigDecimal(raw.toString().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String id(String key) {
        return "step-value-" + key.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }
}
