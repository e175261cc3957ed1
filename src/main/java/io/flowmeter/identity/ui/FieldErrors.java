package io.flowmeter.identity.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.flowmeter.shared.InvalidInputException;

import java.util.Map;

/** Shows a service's refusal on the form field it names, or as a notification when it names none. */
public final class FieldErrors {

    private FieldErrors() {
    }

    public static void clear(Map<String, ? extends HasValidation> fields) {
        fields.values().forEach(field -> {
            field.setInvalid(false);
            field.setErrorMessage(null);
        });
    }

    public static void show(RuntimeException problem, Map<String, ? extends HasValidation> fields) {
        String field = problem instanceof InvalidInputException invalid ? invalid.field() : null;
        HasValidation target = field == null ? null : fields.get(field);
        if (target != null) {
            target.setErrorMessage(problem.getMessage());
            target.setInvalid(true);
        } else {
            error(problem.getMessage());
        }
    }

    public static void error(String message) {
        Notification notification = Notification.show(message, 6000, Notification.Position.TOP_CENTER);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    public static void success(String message) {
        Notification notification = Notification.show(message, 4000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }
}
