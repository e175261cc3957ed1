package io.flowmeter.shared.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.flowmeter.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Map;

/**
 * How every screen talks back: a service's refusal on the form field it names (or as a notification when it
 * names none), success and error notifications, and times in one readable format.
 */
public final class Feedback {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withZone(ZoneId.systemDefault());

    private Feedback() {
    }

    public static void clear(Map<String, ? extends HasValidation> fields) {
        fields.values().forEach(field -> {
            field.setInvalid(false);
            field.setErrorMessage(null);
        });
    }

    /** Marks {@code field} invalid with {@code problem}, or valid when there is none; true when valid. */
    public static boolean flag(HasValidation field, @Nullable String problem) {
        field.setErrorMessage(problem);
        field.setInvalid(problem != null);
        return problem == null;
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

    public static void notify(String message, boolean error) {
        if (error) {
            error(message);
        } else {
            success(message);
        }
    }

    public static String dateTime(Instant instant) {
        return DATE_TIME.format(instant);
    }

    public static String date(Instant instant) {
        return DATE.format(instant);
    }

    public static void success(String message) {
        Notification notification = Notification.show(message, 4000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    /**
     * Asks before something destructive: a cancelable dialog whose confirm button is styled as dangerous. A
     * {@link io.flowmeter.shared.NotFoundException} from {@code action} (someone else removed it first) is shown
     * as an error; {@code after} runs either way.
     */
    public static void confirmDestructive(String title, String text, String confirmLabel, Runnable action, Runnable after) {
        var confirm = new com.vaadin.flow.component.confirmdialog.ConfirmDialog(title, text, confirmLabel, e -> {
            try {
                action.run();
            } catch (io.flowmeter.shared.NotFoundException problem) {
                error(problem.getMessage());
            }
            after.run();
        });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }
}
