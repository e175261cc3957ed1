package io.flowmeter.audit.ui;

import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.flowmeter.audit.AuditFilter;
import io.flowmeter.shared.audit.AuditAction;
import org.jspecify.annotations.Nullable;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The audit log's filters: action, actor, object and a period of days (the server's calendar days, both ends included). */
class AuditFilterBar extends FlexLayout {

    /** The action select's "any action" entry. */
    static final String ANY = "";

    final Select<String> action = new Select<>();
    final TextField actor = new TextField();
    final TextField object = new TextField();
    final DatePicker from = new DatePicker();
    final DatePicker to = new DatePicker();
    private final List<Runnable> listeners = new ArrayList<>();

    AuditFilterBar(boolean platform) {
        setFlexWrap(FlexWrap.WRAP);
        setAlignItems(FlexComponent.Alignment.BASELINE);
        getStyle().set("gap", "var(--lumo-space-s)");

        List<String> actions = new ArrayList<>();
        actions.add(ANY);
        // the platform's log holds platform administration and the sign-ins that belong to no organization
        Arrays.stream(AuditAction.values()).filter(a -> platform ? a.platform() || a.objectType().equals("user") : !a.platform())
                .map(AuditAction::code).forEach(actions::add);
        action.setItems(actions);
        action.setValue(ANY);
        action.setItemLabelGenerator(code -> code.equals(ANY) ? "Any action" : AuditAction.byCode(code).map(AuditAction::label).orElse(code));
        action.setAriaLabel("Action");
        action.setId("audit-action");
        action.setWidth("16em");

        actor.setPlaceholder("Who (email or API key)");
        actor.setAriaLabel("Who");
        actor.setPrefixComponent(VaadinIcon.USER.create());
        text(actor, "audit-actor");
        object.setPlaceholder("What (name or id)");
        object.setAriaLabel("What");
        object.setPrefixComponent(VaadinIcon.SEARCH.create());
        text(object, "audit-object");

        from.setPlaceholder("From");
        from.setAriaLabel("On or after");
        from.setClearButtonVisible(true);
        from.setId("audit-from");
        from.setWidth("10em");
        to.setPlaceholder("until");
        to.setAriaLabel("On or before");
        to.setClearButtonVisible(true);
        to.setId("audit-to");
        to.setWidth("10em");
        from.addValueChangeListener(e -> to.setMin(e.getValue()));
        to.addValueChangeListener(e -> from.setMax(e.getValue()));

        action.addValueChangeListener(e -> changed());
        actor.addValueChangeListener(e -> changed());
        object.addValueChangeListener(e -> changed());
        from.addValueChangeListener(e -> changed());
        to.addValueChangeListener(e -> changed());
        add(action, actor, object, from, to);
    }

    private static void text(TextField field, String id) {
        field.setClearButtonVisible(true);
        field.setMaxLength(200);
        field.setValueChangeMode(ValueChangeMode.LAZY);
        field.setValueChangeTimeout(400);
        field.setId(id);
        field.setWidth("15em");
    }

    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    AuditFilter filter() {
        ZoneId zone = ZoneId.systemDefault();
        return new AuditFilter(from.getValue() == null ? null : from.getValue().atStartOfDay(zone).toInstant(),
                to.getValue() == null ? null : to.getValue().plusDays(1).atStartOfDay(zone).toInstant(),
                blankToNull(action.getValue()), blankToNull(actor.getValue()), blankToNull(object.getValue()));
    }

    boolean narrowed() {
        return !filter().equals(AuditFilter.ALL);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
