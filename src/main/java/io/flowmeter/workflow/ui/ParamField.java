package io.flowmeter.workflow.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import io.flowmeter.connector.spi.ParamValues;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One parameter's input, chosen by its declared type: text, multi-line text, number, yes/no, a choice, JSON (checked
 * as you type), key/value rows, a duration or a date-time. Every type also takes a template ({@code {{...}}}), kept
 * as text. A value that does not fit its type is shown as invalid here and never reaches the draft.
 */
final class ParamField {

    /** Suggestions and a live preview for template fields, from the builder's sample data. */
    interface TemplateAssist {
        /** Paths a template here may use: {@code trigger.body.orderId}, {@code steps.request.output.status}. */
        List<String> paths();

        /** {@code template} rendered against the sample data; throws with the engine's message when it cannot be. */
        String preview(String template);
    }

    private final ParamSpec spec;
    private final Component component;
    private final Consumer<@Nullable Object> onChange;
    private final ObjectMapper json;
    private final @Nullable TemplateAssist assist;

    ParamField(ParamSpec spec, @Nullable Object value, boolean readOnly, ObjectMapper json, @Nullable TemplateAssist assist,
               Consumer<@Nullable Object> onChange) {
        this.spec = spec;
        this.assist = assist;
        this.json = json;
        this.onChange = onChange;
        this.component = switch (spec.type()) {
            case BOOLEAN -> checkbox(value, readOnly);
            case SELECT -> select(value, readOnly);
            case JSON -> jsonArea(value, readOnly);
            case TEXT -> assisted(textArea(value, readOnly), readOnly);
            case KEY_VALUE -> keyValues(value, readOnly);
            default -> assisted(textField(value, readOnly), readOnly);
        };
        component.setId("param-" + spec.name());
    }

    /**
     * A text input with "insert a field" (the upstream paths, inserted as {@code {{path}}}) and a live preview of
     * what the template renders to with the sample data, or the engine's message in red.
     */
    private Component assisted(com.vaadin.flow.component.textfield.TextFieldBase<?, String> field, boolean readOnly) {
        if (assist == null) {
            return field;
        }
        var preview = new Span();
        preview.addClassName("fm-preview");
        preview.setId("preview-" + spec.name());
        Runnable update = () -> {
            String text = field.getValue();
            preview.setVisible(text.contains("{{"));
            if (!text.contains("{{")) {
                return;
            }
            try {
                String rendered = assist.preview(text);
                preview.setText("→ " + (rendered.length() > 300 ? rendered.substring(0, 300) + "…" : rendered));
                preview.removeClassName("fm-preview-error");
            } catch (RuntimeException e) {
                preview.setText(e.getMessage());
                preview.addClassName("fm-preview-error");
            }
        };
        field.addValueChangeListener(e -> update.run());
        update.run();
        if (!readOnly) {
            var insert = new Button(VaadinIcon.CODE.create());
            insert.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON);
            insert.setAriaLabel("Insert a field into " + spec.name());
            insert.setTooltipText("Insert a field from the trigger or an earlier step");
            insert.setId("insert-" + spec.name());
            // filled now (a menu without items does not open); the panel is rebuilt when the sample data changes
            var menu = new com.vaadin.flow.component.contextmenu.ContextMenu(insert);
            menu.setOpenOnClick(true);
            List<String> paths = assist.paths();
            if (paths.isEmpty()) {
                menu.addItem("Nothing upstream yet").setEnabled(false);
            }
            for (String path : paths) {
                menu.addItem(path, click -> {
                    String value = field.getValue();
                    field.setValue(value + (value.isEmpty() || value.endsWith(" ") || value.endsWith("/") ? "" : " ") + "{{" + path + "}}");
                });
            }
            field.setSuffixComponent(insert);
        }
        var box = new VerticalLayout(field, preview);
        box.setPadding(false);
        box.setSpacing(false);
        return box;
    }

    Component component() {
        return component;
    }

    private String label() {
        return spec.name() + (spec.required() ? " *" : "");
    }

    private String helper() {
        String defaults = spec.defaultValue() == null || "".equals(spec.defaultValue()) ? "" : " (default: " + spec.defaultValue() + ")";
        return spec.description() + defaults;
    }

    private TextField textField(@Nullable Object value, boolean readOnly) {
        var field = new TextField(label());
        field.setWidthFull();
        field.setHelperText(helper());
        field.setValue(value == null ? "" : String.valueOf(value));
        field.setReadOnly(readOnly);
        field.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        if (spec.type() == ParamType.NUMBER) {
            field.setPlaceholder("a number or {{template}}");
        } else if (spec.type() == ParamType.DURATION) {
            field.setPlaceholder("PT10M, P1D or milliseconds");
        } else if (spec.type() == ParamType.DATETIME) {
            field.setPlaceholder("2026-01-31T09:00:00Z");
        }
        field.addValueChangeListener(e -> {
            String text = e.getValue().strip();
            String problem = check(text);
            field.setInvalid(problem != null);
            field.setErrorMessage(problem);
            if (problem == null) {
                onChange.accept(text.isEmpty() ? null : typed(text));
            }
        });
        return field;
    }

    /** Why {@code text} does not fit the type (a template always fits; the engine renders it first). */
    @Nullable String check(String text) {
        if (text.isEmpty() || text.contains("{{")) {
            return null;
        }
        try {
            switch (spec.type()) {
                case NUMBER -> new BigDecimal(text);
                case DURATION -> ParamValues.duration(spec.name(), text);
                case DATETIME -> ParamValues.instant(spec.name(), text);
                default -> {
                }
            }
            return null;
        } catch (NumberFormatException e) {
            return "'" + text + "' is not a number";
        } catch (RuntimeException e) {
            return e.getMessage();
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private Object typed(String text) {
        if (spec.type() == ParamType.NUMBER && !text.contains("{{")) {
            BigDecimal number = new BigDecimal(text);
            return number.scale() <= 0 && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0 ? (Object) number.longValueExact() : number.doubleValue();
        }
        return text;
    }

    private TextArea textArea(@Nullable Object value, boolean readOnly) {
        var area = new TextArea(label());
        area.setWidthFull();
        area.setHelperText(helper());
        area.setValue(value == null ? "" : String.valueOf(value));
        area.setReadOnly(readOnly);
        area.setMinHeight("5rem");
        area.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        area.addValueChangeListener(e -> onChange.accept(e.getValue().isBlank() ? null : e.getValue()));
        return area;
    }

    private Component checkbox(@Nullable Object value, boolean readOnly) {
        var box = new Checkbox(spec.name());
        box.setValue(Boolean.TRUE.equals(value) || "true".equals(value) || (value == null && Boolean.TRUE.equals(spec.defaultValue())));
        box.setReadOnly(readOnly);
        box.setTooltipText(helper());
        var wrapper = new VerticalLayout(box, hint(helper()));
        wrapper.setPadding(false);
        wrapper.setSpacing(false);
        box.addValueChangeListener(e -> onChange.accept(e.getValue()));
        return wrapper;
    }

    private Component select(@Nullable Object value, boolean readOnly) {
        var box = new ComboBox<String>(label());
        box.setItems(spec.options());
        box.setAllowCustomValue(true);
        box.setWidthFull();
        box.setHelperText(helper() + " — or a {{template}}");
        box.setReadOnly(readOnly);
        box.setClearButtonVisible(!spec.required());
        if (value != null) {
            box.setValue(String.valueOf(value));
        }
        box.addCustomValueSetListener(e -> {
            if (e.getDetail().contains("{{") || spec.options().contains(e.getDetail())) {
                box.setValue(e.getDetail());
            } else {
                box.setInvalid(true);
                box.setErrorMessage("One of " + String.join(", ", spec.options()) + ", or a template");
            }
        });
        box.addValueChangeListener(e -> {
            box.setInvalid(false);
            onChange.accept(e.getValue() == null || e.getValue().isBlank() ? null : e.getValue());
        });
        return box;
    }

    private Component jsonArea(@Nullable Object value, boolean readOnly) {
        var area = new TextArea(label());
        area.setWidthFull();
        area.setHelperText(helper() + " (JSON; strings may hold {{templates}})");
        area.addClassName("fm-json");
        area.setMinHeight("6rem");
        area.setReadOnly(readOnly);
        area.setValue(value == null ? "" : pretty(value));
        area.setValueChangeMode(ValueChangeMode.LAZY);
        area.addValueChangeListener(e -> {
            String text = e.getValue().strip();
            if (text.isEmpty()) {
                area.setInvalid(false);
                onChange.accept(null);
                return;
            }
            try {
                Object parsed = json.readValue(text, Object.class);
                area.setInvalid(false);
                onChange.accept(parsed);
            } catch (JsonProcessingException problem) {
                area.setInvalid(true);
                area.setErrorMessage("Not valid JSON: " + problem.getOriginalMessage() + " (line " + problem.getLocation().getLineNr() + ")");
            }
        });
        return area;
    }

    private Component keyValues(@Nullable Object value, boolean readOnly) {
        var box = new VerticalLayout();
        box.setPadding(false);
        box.setSpacing(false);
        box.addClassName("fm-key-values");
        var title = new Span(label());
        title.addClassName("fm-field-label");
        var rows = new VerticalLayout();
        rows.setPadding(false);
        rows.setSpacing(false);
        List<TextField[]> entries = new ArrayList<>();
        Runnable emit = () -> {
            Map<String, Object> map = new LinkedHashMap<>();
            for (TextField[] entry : entries) {
                if (!entry[0].getValue().isBlank()) {
                    map.put(entry[0].getValue().strip(), entry[1].getValue());
                }
            }
            onChange.accept(map.isEmpty() ? null : map);
        };
        Consumer<Map.Entry<String, String>> addRow = entry -> {
            var key = new TextField();
            key.setPlaceholder("name");
            key.setAriaLabel(spec.name() + " name");
            key.setValue(entry.getKey());
            key.setReadOnly(readOnly);
            var val = new TextField();
            val.setPlaceholder("value or {{template}}");
            val.setAriaLabel(spec.name() + " value");
            val.setValue(entry.getValue());
            val.setReadOnly(readOnly);
            TextField[] pair = {key, val};
            entries.add(pair);
            var remove = new Button(VaadinIcon.CLOSE_SMALL.create());
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON);
            remove.setAriaLabel("Remove " + spec.name() + " entry");
            remove.setVisible(!readOnly);
            var row = new HorizontalLayout(key, val, remove);
            row.setWidthFull();
            row.setFlexGrow(1, key, val);
            remove.addClickListener(e -> {
                entries.remove(pair);
                rows.remove(row);
                emit.run();
            });
            key.addValueChangeListener(e -> emit.run());
            val.addValueChangeListener(e -> emit.run());
            rows.add(row);
        };
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> addRow.accept(Map.entry(String.valueOf(k), v == null ? "" : String.valueOf(v))));
        }
        var add = new Button("Add", VaadinIcon.PLUS.create(), e -> addRow.accept(Map.entry("", "")));
        add.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        add.setVisible(!readOnly);
        box.add(title, rows, add, hint(helper()));
        return box;
    }

    private String pretty(Object value) {
        try {
            return value instanceof String text ? text : json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static Div hint(String text) {
        var hint = new Div(new Span(text));
        hint.addClassName("fm-muted");
        return hint;
    }
}
