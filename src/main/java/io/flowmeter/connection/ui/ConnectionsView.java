package io.flowmeter.connection.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.textfield.TextFieldBase;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.domain.Connection;
import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import jakarta.annotation.security.RolesAllowed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The connections hub: the accounts this organization's workflows use, with their status and users. */
@Route("connections")
@PageTitle("Connections")
@Menu(order = 30, icon = "vaadin:plug", title = "Connections")
@RolesAllowed("ADMIN")
public class ConnectionsView extends VerticalLayout {

    private static final List<AuthKind> ENTERED = List.of(AuthKind.BEARER, AuthKind.API_KEY, AuthKind.BASIC, AuthKind.HEADER);

    private final ConnectionService connections;
    private final ConnectorRegistry connectors;
    private final Grid<Connection> grid = new Grid<>();
    private final Div empty = new Div();

    ConnectionsView(ConnectionService connections, ConnectorRegistry connectors) {
        this.connections = connections;
        this.connectors = connectors;
        setSizeFull();
        var create = new Button("New connection", VaadinIcon.PLUS.create(), e -> openCreateDialog());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setId("new-connection");

        grid.addColumn(Connection::getName).setHeader("Name").setAutoWidth(true).setSortable(true);
        grid.addColumn(c -> connectorName(c.getConnector())).setHeader("Service").setAutoWidth(true);
        grid.addColumn(c -> label(c.getAuthKind())).setHeader("Sign-in").setAutoWidth(true);
        grid.addComponentColumn(c -> {
            var badge = new Span(c.getStatus().name().replace('_', ' ').toLowerCase());
            badge.getElement().getThemeList().add(switch (c.getStatus()) {
                case CONNECTED -> "badge success";
                case NEEDS_RECONNECT -> "badge contrast";
                case ERROR, REVOKED -> "badge error";
            });
            return badge;
        }).setHeader("Status").setAutoWidth(true);
        grid.addColumn(c -> c.getLastUsedAt() == null ? "Never" : Feedback.dateTime(c.getLastUsedAt())).setHeader("Last used").setAutoWidth(true);
        grid.addComponentColumn(c -> {
            var rename = new Button("Rename", e -> openRenameDialog(c));
            rename.addThemeVariants(ButtonVariant.LUMO_SMALL);
            rename.setAriaLabel("Rename " + c.getName());
            var delete = new Button("Delete", e -> confirmDelete(c));
            delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            delete.setAriaLabel("Delete " + c.getName());
            return new HorizontalLayout(rename, delete);
        }).setHeader("").setKey("actions").setWidth("12rem").setFlexGrow(0);
        grid.setSizeFull();

        empty.addClassName("fm-empty-state");
        empty.add(VaadinIcon.PLUG.create(), new H3("No connections yet"), new Paragraph(
                "A connection is your organization's account at another service (an API, a SaaS tool). Add it once; workflows "
                        + "then use it without anyone seeing its secret, which is stored encrypted and never shown again."));
        add(new HorizontalLayout(create), empty, grid);
        refresh();
    }

    private void refresh() {
        List<Connection> all = connections.list();
        grid.setItems(all);
        grid.setVisible(!all.isEmpty());
        empty.setVisible(all.isEmpty());
    }

    private void openCreateDialog() {
        var dialog = new Dialog();
        dialog.setHeaderTitle("New connection");
        dialog.setWidth("min(34rem, 95vw)");
        var name = new TextField("Name");
        name.setPlaceholder("e.g. Billing API");
        name.setRequired(true);
        name.setId("connection-name");
        var service = new Select<Connector>();
        service.setLabel("Service");
        service.setItems(connectors.all().stream().filter(c -> !c.key().equals("core") && !c.key().equals("trigger")).toList());
        service.setItemLabelGenerator(Connector::displayName);
        service.setValue(connectors.all().stream().filter(c -> c.key().equals("http")).findFirst().orElse(null));
        var kind = new Select<AuthKind>();
        kind.setLabel("Sign-in");
        kind.setItems(ENTERED);
        kind.setItemLabelGenerator(ConnectionsView::label);
        kind.setValue(AuthKind.BEARER);
        kind.setId("connection-kind");
        var fields = new FormLayout();
        Map<String, TextFieldBase<?, String>> inputs = new LinkedHashMap<>();
        Runnable showFields = () -> {
            fields.removeAll();
            inputs.clear();
            for (String field : kind.getValue().fields()) {
                TextFieldBase<?, String> input = field.equals("password") || field.equals("token") || field.equals("headerValue")
                        ? new PasswordField(fieldLabel(field)) : new TextField(fieldLabel(field));
                input.setRequired(true);
                input.setId("connection-" + field);
                input.setWidthFull();
                inputs.put(field, input);
                fields.add(input);
            }
        };
        kind.addValueChangeListener(e -> showFields.run());
        showFields.run();
        var form = new FormLayout(name, service, kind);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        fields.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        var note = new Paragraph("Secrets are stored encrypted and are never shown again.");
        note.addClassName("fm-muted");
        dialog.add(new VerticalLayout(form, fields, note));
        var save = new Button("Connect", e -> {
            inputs.values().forEach(i -> i.setInvalid(false));
            name.setInvalid(false);
            Map<String, String> values = new LinkedHashMap<>();
            inputs.forEach((field, input) -> values.put(field, input.getValue()));
            try {
                connections.create(service.getValue() == null ? null : service.getValue().key(), name.getValue(), kind.getValue(), values);
                dialog.close();
                Feedback.notify("Connected " + name.getValue().strip(), false);
                refresh();
            } catch (InvalidInputException problem) {
                String field = problem.field() == null ? "" : problem.field();
                TextFieldBase<?, String> target = field.equals("name") ? name : inputs.get(field.replace("values.", ""));
                if (target != null) {
                    target.setErrorMessage(problem.getMessage());
                    target.setInvalid(true);
                } else {
                    Feedback.notify(problem.getMessage(), true);
                }
            } catch (ConflictException problem) {
                Feedback.notify(problem.getMessage(), true);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        save.setId("connection-save");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
        name.focus();
    }

    private void openRenameDialog(Connection connection) {
        var dialog = new Dialog();
        dialog.setHeaderTitle("Rename " + connection.getName());
        var name = new TextField("Name");
        name.setValue(connection.getName());
        name.setWidthFull();
        dialog.add(name);
        var save = new Button("Save", e -> {
            try {
                connections.rename(connection.getId(), name.getValue());
                dialog.close();
                refresh();
            } catch (InvalidInputException problem) {
                name.setErrorMessage(problem.getMessage());
                name.setInvalid(true);
            } catch (NotFoundException problem) {
                dialog.close();
                refresh();
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private void confirmDelete(Connection connection) {
        List<ConnectionService.Usage> users = connections.usage(connection.getId());
        String text = users.isEmpty()
                ? "Its secret is deleted too. Workflows can no longer use it. This cannot be undone."
                : "These workflows use it and will fail where they do: "
                + String.join(", ", users.stream().map(ConnectionService.Usage::workflowName).toList()) + ". This cannot be undone.";
        var confirm = new ConfirmDialog("Delete " + connection.getName() + "?", text, "Delete", e -> {
            try {
                connections.delete(connection.getId(), true);
                Feedback.notify(connection.getName() + " deleted", false);
            } catch (NotFoundException problem) {
                Feedback.notify(problem.getMessage(), true);
            }
            refresh();
        });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    private String connectorName(String key) {
        return connectors.all().stream().filter(c -> c.key().equals(key)).map(Connector::displayName).findFirst().orElse(key);
    }

    private static String fieldLabel(String field) {
        return switch (field) {
            case "token" -> "Token";
            case "username" -> "User name";
            case "password" -> "Password";
            case "headerName" -> "Header name";
            case "headerValue" -> "Header value";
            default -> field;
        };
    }

    private static String label(AuthKind kind) {
        return switch (kind) {
            case OAUTH2 -> "OAuth2 sign-in";
            case API_KEY -> "API key";
            case BASIC -> "User name and password";
            case BEARER -> "Bearer token";
            case HEADER -> "Custom header";
        };
    }

}
