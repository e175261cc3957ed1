package io.flowmeter.engine.ui;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.QueryParameters;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.service.Engine;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.engine.service.RunService.RunFilter;
import io.flowmeter.workflow.domain.Workflow;
import org.jspecify.annotations.Nullable;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The runs list's filters: status (with waiting and parked), workflow, trigger kind, a period of start dates and a
 * business-key search. Reads and writes them as query parameters, so a filtered list can be linked to (the
 * dashboard's tiles do).
 */
class RunFilterBar extends FlexLayout {

    static final String ALL = "ALL";
    static final String PARKED = "PARKED";
    static final String WAITING = "WAITING";

    final Select<String> status = new Select<>();
    final ComboBox<Workflow> workflow = new ComboBox<>();
    final Select<String> trigger = new Select<>();
    final DatePicker from = new DatePicker();
    final DatePicker to = new DatePicker();
    final TextField key = new TextField();
    private final List<Runnable> listeners = new ArrayList<>();
    private boolean quiet;

    RunFilterBar() {
        setFlexWrap(FlexWrap.WRAP);
        setAlignItems(FlexComponent.Alignment.BASELINE);
        getStyle().set("gap", "var(--lumo-space-s)");

        status.setItems(ALL, "RUNNING", WAITING, "PAUSED", "SUCCEEDED", "FAILED", "CANCELLED", PARKED);
        status.setValue(ALL);
        status.setItemLabelGenerator(s -> switch (s) {
            case ALL -> "All statuses";
            case WAITING -> "Waiting (delay, approval, budget, sub-workflow)";
            case PARKED -> "Parked (failed, waiting for a retry by hand)";
            default -> s.charAt(0) + s.substring(1).toLowerCase(Locale.ROOT);
        });
        status.setAriaLabel("Status");
        status.setId("runs-status");
        status.setWidth("13em");

        workflow.setPlaceholder("All workflows");
        workflow.setAriaLabel("Workflow");
        workflow.setClearButtonVisible(true);
        workflow.setItemLabelGenerator(Workflow::getName);
        workflow.setId("runs-workflow");

        List<String> kinds = new ArrayList<>();
        kinds.add(ALL);
        kinds.addAll(RunService.TRIGGER_KINDS);
        trigger.setItems(kinds);
        trigger.setValue(ALL);
        trigger.setItemLabelGenerator(k -> k.equals(ALL) ? "Any trigger" : k.substring(0, 1).toUpperCase(Locale.ROOT) + k.substring(1));
        trigger.setAriaLabel("Trigger");
        trigger.setId("runs-trigger");
        trigger.setWidth("10em");

        from.setPlaceholder("Started from");
        from.setAriaLabel("Started on or after");
        from.setClearButtonVisible(true);
        from.setId("runs-from");
        from.setWidth("10em");
        to.setPlaceholder("until");
        to.setAriaLabel("Started on or before");
        to.setClearButtonVisible(true);
        to.setId("runs-to");
        to.setWidth("10em");
        from.addValueChangeListener(e -> to.setMin(e.getValue()));
        to.addValueChangeListener(e -> from.setMax(e.getValue()));

        key.setPlaceholder("Business key, e.g. order #123");
        key.setAriaLabel("Business key");
        key.setPrefixComponent(VaadinIcon.SEARCH.create());
        key.setClearButtonVisible(true);
        key.setMaxLength(Engine.MAX_BUSINESS_KEY);
        key.setValueChangeMode(ValueChangeMode.LAZY);
        key.setValueChangeTimeout(400);
        key.setId("runs-key");
        key.setWidth("16em");

        status.addValueChangeListener(e -> changed());
        workflow.addValueChangeListener(e -> changed());
        trigger.addValueChangeListener(e -> changed());
        from.addValueChangeListener(e -> changed());
        to.addValueChangeListener(e -> changed());
        key.addValueChangeListener(e -> changed());
        add(status, workflow, trigger, from, to, key);
    }

    void setWorkflows(List<Workflow> all) {
        workflow.setItems(all);
    }

    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        if (!quiet) {
            listeners.forEach(Runnable::run);
        }
    }

    /** The filter the fields describe; the period's days are the server's calendar days, both ends included. */
    RunFilter filter() {
        String chosen = status.getValue() == null ? ALL : status.getValue();
        RunStatus runStatus = chosen.equals(ALL) || chosen.equals(PARKED) || chosen.equals(WAITING) ? null : RunStatus.valueOf(chosen);
        ZoneId zone = ZoneId.systemDefault();
        return RunFilter.ALL
                .withWorkflow(workflow.getValue() == null ? null : workflow.getValue().getId())
                .withStatus(runStatus, chosen.equals(PARKED), chosen.equals(WAITING))
                .withTrigger(trigger.getValue() == null || trigger.getValue().equals(ALL) ? null : trigger.getValue())
                .withPeriod(from.getValue() == null ? null : from.getValue().atStartOfDay(zone).toInstant(),
                        to.getValue() == null ? null : to.getValue().plusDays(1).atStartOfDay(zone).toInstant())
                .withBusinessKey(key.getValue());
    }

    boolean narrowed() {
        RunFilter filter = filter();
        return !filter.equals(RunFilter.ALL);
    }

    /** Sets the fields from a link's query parameters (unknown values are ignored) without firing a change per field. */
    void read(QueryParameters query, List<Workflow> all) {
        quiet = true;
        try {
            String s = first(query, "status");
            status.setValue(s != null && status.getListDataView().getItems().anyMatch(s.toUpperCase(Locale.ROOT)::equals)
                    ? s.toUpperCase(Locale.ROOT) : ALL);
            String w = first(query, "workflow");
            workflow.setValue(w == null ? null : all.stream().filter(x -> x.getId().toString().equals(w)).findFirst().orElse(null));
            String t = first(query, "trigger");
            trigger.setValue(t != null && RunService.TRIGGER_KINDS.contains(t) ? t : ALL);
            from.setValue(date(first(query, "from")));
            to.setValue(date(first(query, "to")));
            String k = first(query, "key");
            key.setValue(k == null ? "" : k.length() > Engine.MAX_BUSINESS_KEY ? k.substring(0, Engine.MAX_BUSINESS_KEY) : k);
        } finally {
            quiet = false;
        }
    }

    /** The fields as query parameters (the defaults left out). */
    QueryParameters write() {
        Map<String, String> params = new LinkedHashMap<>();
        if (status.getValue() != null && !status.getValue().equals(ALL)) {
            params.put("status", status.getValue());
        }
        if (workflow.getValue() != null) {
            params.put("workflow", workflow.getValue().getId().toString());
        }
        if (trigger.getValue() != null && !trigger.getValue().equals(ALL)) {
            params.put("trigger", trigger.getValue());
        }
        if (from.getValue() != null) {
            params.put("from", from.getValue().toString());
        }
        if (to.getValue() != null) {
            params.put("to", to.getValue().toString());
        }
        if (!key.getValue().isBlank()) {
            params.put("key", key.getValue().strip());
        }
        return QueryParameters.simple(params);
    }

    private static @Nullable String first(QueryParameters query, String name) {
        List<String> values = query.getParameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    private static @Nullable LocalDate date(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
