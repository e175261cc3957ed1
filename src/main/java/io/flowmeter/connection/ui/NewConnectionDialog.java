package io.flowmeter.connection.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.textfield.TextFieldBase;
import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.oauth.OAuthConnectService;
import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.ui.Feedback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * "New connection": pick a service, then either sign in there (OAuth2: the browser goes to the provider and comes
 * back to the hub) or enter its credentials (API key, basic, bearer token, custom header), which are stored
 * encrypted and never shown again.
 */
class NewConnectionDialog extends Dialog {

    private static final List<AuthKind> ENTERED = List.of(AuthKind.BEARER, AuthKind.API_KEY, AuthKind.BASIC, AuthKind.HEADER, AuthKind.SIGNING_SECRET, AuthKind.SMTP);

    /** One choice of service: an OAuth2 provider, or a connector used with entered credentials. */
    record Service(String key, String label, boolean oauth, boolean connectable) {
    }

    private final ConnectionService connections;
    private final java.util.function.BiConsumer<String, String> startOAuth;
    private final java.util.function.Consumer<io.flowmeter.connection.domain.Connection> created;
    private final TextField name = new TextField("Name");
    private final Select<Service> service = new Select<>();
    private final Select<AuthKind> kind = new Select<>();
    private final TextField testUrl = new TextField("Test URL (optional)");
    private final FormLayout fields = new FormLayout();
    private final Paragraph note = new Paragraph();
    private final Button save = new Button();
    private final Map<String, TextFieldBase<?, String>> inputs = new LinkedHashMap<>();

    /**
     * @param preselect  the service to offer first (a connector or provider key), or null for the HTTP default
     * @param startOAuth sends the person to the provider (provider key, connection name)
     * @param created    after a connection with entered credentials was saved
     */
    NewConnectionDialog(ConnectionService connections, ConnectorRegistry connectors, OAuthConnectService oauth, @Nullable String preselect,
                        java.util.function.BiConsumer<String, String> startOAuth,
                        java.util.function.Consumer<io.flowmeter.connection.domain.Connection> created) {
        this.connections = connections;
        this.startOAuth = startOAuth;
        this.created = created;
        setHeaderTitle("New connection");
        setWidth("min(34rem, 95vw)");

        List<Service> services = new ArrayList<>();
        oauth.providers().forEach(p -> services.add(new Service(p.key(), p.displayName()
                + (p.connectable() ? " (sign in)" : " (sign in; needs an OAuth app, see OAuth apps)"), true, p.connectable())));
        connectors.all().stream().filter(c -> !c.key().equals("core") && !c.key().equals("trigger"))
                .forEach(c -> services.add(new Service(c.key(), c.displayName() + " (API key, token or password)", false, true)));
        service.setLabel("Service");
        service.setItems(services);
        service.setItemLabelGenerator(Service::label);
        service.setItemEnabledProvider(Service::connectable);
        service.setId("connection-service");
        String first = preselect == null ? "http" : preselect;
        service.setValue(services.stream().filter(s -> s.key().equals(first) && s.connectable()).findFirst()
                .or(() -> services.stream().filter(s -> s.key().equals("http")).findFirst()).orElse(services.get(0)));

        name.setPlaceholder("e.g. Billing API");
        name.setRequired(true);
        name.setId("connection-name");
        kind.setLabel("Sign-in");
        kind.setItems(ENTERED);
        kind.setItemLabelGenerator(ConnectionsView::label);
        kind.setValue(AuthKind.BEARER);
        kind.setId("connection-kind");
        testUrl.setPlaceholder("https://api.example.com/me");
        testUrl.setHelperText("A URL that answers 2xx to these credentials; \"Test\" calls it");
        testUrl.setId("connection-test-url");

        kind.addValueChangeListener(e -> showFields());
        service.addValueChangeListener(e -> showFields());
        var form = new FormLayout(service, name, kind);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        fields.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        note.addClassName("fm-muted");
        add(new VerticalLayout(form, fields, note));
        showFields();

        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        save.setId("connection-save");
        save.addClickListener(e -> submit());
        getFooter().add(new Button("Cancel", e -> close()), save);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                name.focus();
            }
        });
    }

    private void showFields() {
        fields.removeAll();
        inputs.clear();
        Service chosen = service.getValue();
        boolean oauth = chosen != null && chosen.oauth();
        kind.setVisible(!oauth);
        if (oauth) {
            note.setText("You will sign in at " + chosen.label().replace(" (sign in)", "") + " and approve access; then you come back "
                    + "here. Flowmeter stores the tokens encrypted and renews them automatically.");
            save.setText("Continue to " + chosen.label().replace(" (sign in)", ""));
            return;
        }
        for (String field : kind.getValue().fields()) {
            TextFieldBase<?, String> input = secretField(field) ? new PasswordField(fieldLabel(field)) : new TextField(fieldLabel(field));
            input.setRequired(true);
            input.setId("connection-" + field);
            input.setWidthFull();
            inputs.put(field, input);
            fields.add(input);
        }
        fields.add(testUrl);
        note.setText("Secrets are stored encrypted and are never shown again.");
        save.setText("Connect");
    }

    private void submit() {
        inputs.values().forEach(i -> i.setInvalid(false));
        name.setInvalid(false);
        testUrl.setInvalid(false);
        Service chosen = service.getValue();
        try {
            if (chosen != null && chosen.oauth()) {
                startOAuth.accept(chosen.key(), name.getValue());
                return;
            }
            Map<String, String> values = new LinkedHashMap<>();
            inputs.forEach((field, input) -> values.put(field, input.getValue()));
            var connection = connections.create(chosen == null ? null : chosen.key(), name.getValue(), kind.getValue(), values, testUrl.getValue());
            close();
            Feedback.success("Connected " + name.getValue().strip());
            created.accept(connection);
        } catch (InvalidInputException problem) {
            String field = problem.field() == null ? "" : problem.field();
            TextFieldBase<?, String> target = switch (field) {
                case "name" -> name;
                case "testUrl" -> testUrl;
                default -> inputs.get(field.replace("values.", ""));
            };
            if (target != null) {
                target.setErrorMessage(problem.getMessage());
                target.setInvalid(true);
            } else {
                Feedback.error(problem.getMessage());
            }
        } catch (ConflictException problem) {
            Feedback.error(problem.getMessage());
        }
    }

    static boolean secretField(String field) {
        return field.equals("password") || field.equals("token") || field.equals("headerValue") || field.equals("secret");
    }

    static String fieldLabel(String field) {
        return switch (field) {
            case "token" -> "Token";
            case "username" -> "User name";
            case "password" -> "Password";
            case "headerName" -> "Header name";
            case "headerValue" -> "Header value";
            case "secret" -> "Signing secret";
            case "host" -> "SMTP host";
            case "port" -> "Port (587, 465 or 25)";
            case "security" -> "Security (starttls, tls or none)";
            default -> field;
        };
    }
}
