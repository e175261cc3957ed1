package io.flowmeter.connection.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.domain.Connection;
import io.flowmeter.connection.domain.ConnectionStatus;
import io.flowmeter.connection.oauth.OAuthClients;
import io.flowmeter.connection.oauth.OAuthConnectService;
import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.ui.Feedback;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The connections hub: the accounts this organization's workflows use, with status, filters, a details panel
 * showing which workflows use a connection, tests, OAuth2 connects and reconnects.
 */
@Route("connections")
@PageTitle("Connections")
@Menu(order = 30, icon = "vaadin:plug", title = "Connections")
@RolesAllowed("ADMIN")
public class ConnectionsView extends VerticalLayout implements BeforeEnterObserver {

    /** What the OAuth callback's {@code oauth=} code means, for the notification on return. */
    private static final Map<String, String> OAUTH_RESULTS = Map.ofEntries(
            Map.entry("access_denied", "Access was not granted at the provider, so nothing was connected."),
            Map.entry("invalid_state", "That sign-in link was already used or is unknown. Start the connection again."),
            Map.entry("session_mismatch", "That connect was started in another browser session. Start it again here."),
            Map.entry("expired", "The sign-in took too long. Start the connection again."),
            Map.entry("token_error", "The provider refused to issue tokens (an expired code or a wrong OAuth app secret). Nothing was connected."),
            Map.entry("provider_error", "The provider reported an error. Nothing was connected."),
            Map.entry("provider_unreachable", "The provider could not be reached to finish connecting. Try again in a moment."),
            Map.entry("quota", "Your plan's connection limit is reached; delete a connection first."),
            Map.entry("no_client", "The OAuth app for this provider is no longer configured."),
            Map.entry("gone", "The connection was deleted while you were signing in; nothing was changed."),
            Map.entry("invalid_request", "The provider sent no authorization code. Start the connection again."));

    private final ConnectionService connections;
    private final ConnectorRegistry connectors;
    private final OAuthConnectService oauth;
    private final OAuthClients oauthClients;
    private final Grid<Connection> grid = new Grid<>();
    private final Grid.Column<Connection> signInColumn;
    private final Grid.Column<Connection> lastUsedColumn;
    private final Div empty = new Div();
    private final Div noMatch = new Div();
    private final VerticalLayout details = new VerticalLayout();
    private final TextField search = new TextField();
    private final Select<String> statusFilter = new Select<>();
    private final Select<String> serviceFilter = new Select<>();
    private List<Connection> all = List.of();

    ConnectionsView(ConnectionService connections, ConnectorRegistry connectors, OAuthConnectService oauth, OAuthClients oauthClients) {
        this.connections = connections;
        this.connectors = connectors;
        this.oauth = oauth;
        this.oauthClients = oauthClients;
        setSizeFull();
        var create = new Button("New connection", VaadinIcon.PLUS.create(), e -> openCreateDialog());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setId("new-connection");
        var apps = new Button("OAuth apps", VaadinIcon.KEY.create(),
                e -> new OAuthAppsDialog(oauthClients, this::refresh).open());
        apps.setId("oauth-apps");

        search.setPlaceholder("Search by name");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setAriaLabel("Search connections by name");
        search.setId("connection-search");
        statusFilter.setAriaLabel("Filter by status");
        statusFilter.setItems(filterItems(java.util.Arrays.stream(ConnectionStatus.values()).map(Enum::name).toList()));
        statusFilter.setItemLabelGenerator(s -> s.isEmpty() ? "All statuses" : statusLabel(ConnectionStatus.valueOf(s)));
        statusFilter.setValue("");
        statusFilter.setId("connection-status-filter");
        serviceFilter.setAriaLabel("Filter by service");
        serviceFilter.setItemLabelGenerator(s -> s.isEmpty() ? "All services" : serviceName(s));
        serviceFilter.setId("connection-service-filter");
        search.addValueChangeListener(e -> applyFilters());
        statusFilter.addValueChangeListener(e -> applyFilters());
        serviceFilter.addValueChangeListener(e -> applyFilters());
        var toolbar = new HorizontalLayout(create, apps, search, statusFilter, serviceFilter);
        toolbar.setWidthFull();
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        toolbar.getStyle().set("flex-wrap", "wrap");

        grid.addColumn(Connection::getName).setHeader("Name").setAutoWidth(true).setSortable(true)
                .setComparator(c -> c.getName().toLowerCase(Locale.ROOT));
        grid.addColumn(c -> serviceName(c.getConnector())).setHeader("Service").setAutoWidth(true);
        signInColumn = grid.addColumn(c -> label(c.getAuthKind())).setHeader("Sign-in").setAutoWidth(true);
        grid.addComponentColumn(ConnectionsView::badge).setHeader("Status").setAutoWidth(true).setKey("status");
        lastUsedColumn = grid.addColumn(c -> c.getLastUsedAt() == null ? "Never" : Feedback.dateTime(c.getLastUsedAt()))
                .setHeader("Last used").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("").setKey("actions").setWidth("12rem").setFlexGrow(0);
        grid.setSizeFull();
        grid.asSingleSelect().addValueChangeListener(e -> showDetails(e.getValue()));

        empty.addClassName("fm-empty-state");
        empty.add(VaadinIcon.PLUG.create(), new H3("No connections yet"), new Paragraph(
                "A connection is your organization's account at another service (GitHub, Google, Slack, any API). Connect it once, "
                        + "by signing in there or with an API key; workflows then use it without anyone seeing its secret, which is "
                        + "stored encrypted and never shown again."));
        noMatch.addClassName("fm-muted");
        noMatch.setText("No connection matches these filters.");

        details.setWidth("24rem");
        details.setMinWidth("18rem");
        details.addClassName("fm-details");
        details.setVisible(false);
        details.setId("connection-details");
        var body = new HorizontalLayout(grid, details);
        body.setSizeFull();
        body.setFlexGrow(1, grid);
        add(toolbar, empty, noMatch, body);
        setFlexGrow(1, body);
        refresh();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> query = event.getLocation().getQueryParameters().getParameters();
        String result = query.getOrDefault("oauth", List.of("")).get(0);
        if (result.isEmpty()) {
            return;
        }
        if (result.equals("connected") || result.equals("reconnected")) {
            String id = query.getOrDefault("connection", List.of("")).get(0);
            String name = all.stream().filter(c -> c.getId().toString().equals(id)).map(Connection::getName).findFirst().orElse("The account");
            Feedback.success(name + (result.equals("connected") ? " is connected" : " is reconnected"));
            all.stream().filter(c -> c.getId().toString().equals(id)).findFirst().ifPresent(grid::select);
        } else {
            Feedback.error(OAUTH_RESULTS.getOrDefault(result, "The connection was not made."));
        }
        // a reload should not repeat the message
        event.getUI().getPage().getHistory().replaceState(null, event.getLocation().getPath());
    }

    void refresh() {
        Connection selected = grid.asSingleSelect().getValue();
        all = connections.list();
        var services = all.stream().map(Connection::getConnector).distinct().sorted().toList();
        String chosen = serviceFilter.getValue();
        serviceFilter.setItems(filterItems(services));
        serviceFilter.setValue(chosen != null && services.contains(chosen) ? chosen : "");
        applyFilters();
        // keep the panel on the same connection, with its fresh state
        Connection again = selected == null ? null : all.stream().filter(c -> c.getId().equals(selected.getId())).findFirst().orElse(null);
        if (again != null) {
            grid.select(again);
        } else {
            showDetails(null);
        }
    }

    private void applyFilters() {
        String text = search.getValue() == null ? "" : search.getValue().strip().toLowerCase(Locale.ROOT);
        String status = statusFilter.getValue() == null ? "" : statusFilter.getValue();
        String service = serviceFilter.getValue() == null ? "" : serviceFilter.getValue();
        List<Connection> shown = all.stream()
                .filter(c -> text.isEmpty() || c.getName().toLowerCase(Locale.ROOT).contains(text))
                .filter(c -> status.isEmpty() || c.getStatus().name().equals(status))
                .filter(c -> service.isEmpty() || c.getConnector().equals(service))
                .toList();
        grid.setItems(shown);
        grid.recalculateColumnWidths();
        grid.setVisible(!all.isEmpty());
        empty.setVisible(all.isEmpty());
        noMatch.setVisible(!all.isEmpty() && shown.isEmpty());
    }

    private Component actions(Connection c) {
        var test = new Button("Test", e -> test(c));
        test.addThemeVariants(ButtonVariant.LUMO_SMALL);
        test.setAriaLabel("Test " + c.getName());
        var row = new HorizontalLayout(test);
        if (c.getAuthKind() == AuthKind.OAUTH2) {
            var reconnect = new Button("Reconnect", e -> reconnect(c));
            reconnect.addThemeVariants(ButtonVariant.LUMO_SMALL);
            if (c.getStatus() != ConnectionStatus.CONNECTED) {
                reconnect.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            }
            reconnect.setAriaLabel("Reconnect " + c.getName());
            row.add(reconnect);
        }
        row.setSpacing(false);
        row.getStyle().set("gap", "var(--lumo-space-xs)");
        return row;
    }

    private void test(Connection c) {
        try {
            var result = connections.test(c.getId());
            Feedback.notify(c.getName() + ": " + result.message(), !result.ok());
        } catch (NotFoundException e) {
            Feedback.error(e.getMessage());
        }
        refresh();
    }

    private void reconnect(Connection c) {
        try {
            var started = oauth.start(c.getConnector(), null, c.getId(), sessionId());
            getUI().ifPresent(ui -> ui.getPage().setLocation(started.authorizationUrl()));
        } catch (InvalidInputException | NotFoundException | ConflictException e) {
            Feedback.error(e.getMessage());
        }
    }

    /** Sends the person to the provider; they come back to this screen through the OAuth callback. */
    void startOAuth(String provider, String name) {
        var started = oauth.start(provider, name, null, sessionId());
        getUI().ifPresent(ui -> ui.getPage().setLocation(started.authorizationUrl()));
    }

    private static @Nullable String sessionId() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null || session.getSession() == null ? null : session.getSession().getId();
    }

    private void showDetails(@Nullable Connection c) {
        details.removeAll();
        details.setVisible(c != null);
        // the panel repeats these columns; without them the list keeps its actions in view next to it
        signInColumn.setVisible(c == null);
        lastUsedColumn.setVisible(c == null);
        if (c == null) {
            return;
        }
        var title = new H4(c.getName());
        var close = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> grid.deselectAll());
        close.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        close.setAriaLabel("Close details");
        var header = new HorizontalLayout(title, close);
        header.setWidthFull();
        header.setFlexGrow(1, title);
        var rename = new Button("Rename", VaadinIcon.EDIT.create(), e -> openRenameDialog(c));
        rename.addThemeVariants(ButtonVariant.LUMO_SMALL);
        rename.setId("connection-rename");
        var delete = new Button("Delete", VaadinIcon.TRASH.create(), e -> confirmDelete(c));
        delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        delete.setId("connection-delete");
        var revoke = new Button("Revoke", VaadinIcon.BAN.create(), e -> confirmRevoke(c));
        revoke.addThemeVariants(ButtonVariant.LUMO_SMALL);
        revoke.setId("connection-revoke");
        revoke.setEnabled(c.getStatus() != ConnectionStatus.REVOKED);
        var manage = new HorizontalLayout(rename, revoke, delete);
        manage.getStyle().set("flex-wrap", "wrap");
        if (c.getAuthKind() != AuthKind.OAUTH2) {
            var replace = new Button("Replace secret", VaadinIcon.KEY.create(),
                    e -> new ReplaceSecretDialog(connections, c, this::refresh).open());
            replace.addThemeVariants(ButtonVariant.LUMO_SMALL);
            replace.setId("connection-replace");
            manage.addComponentAsFirst(replace);
        }
        details.add(header, badge(c), manage);
        if (c.getStatusMessage() != null) {
            details.add(new Paragraph(c.getStatusMessage()));
        }
        details.add(fact("Service", serviceName(c.getConnector()) + " · " + label(c.getAuthKind())));
        if (c.getScopes() != null) {
            details.add(fact("Granted scopes", c.getScopes()));
        }
        if (c.getAuthKind() == AuthKind.OAUTH2) {
            details.add(fact("Access token", c.getStatus() != ConnectionStatus.CONNECTED ? "Not usable until it is reconnected"
                    : c.getExpiresAt() == null ? "Does not expire"
                    : "Expires " + Feedback.dateTime(c.getExpiresAt()) + "; renewed automatically"));
            details.add(fact("OAuth app", "TENANT".equals(c.getOauthClient()) ? "Your organization's own" : "The platform's"));
        } else {
            details.add(fact("Test URL", c.getTestUrl() == null ? "None (Test needs one)" : c.getTestUrl()));
        }
        var limit = new Button(c.getRateLimitPerMinute() == null ? "Set a limit" : "Change", e -> openRateLimitDialog(c));
        limit.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        limit.setId("connection-rate-limit");
        var limitRow = new HorizontalLayout(fact("Rate limit", c.getRateLimitPerMinute() == null ? "None"
                : c.getRateLimitPerMinute() + " calls per minute, shared by all workflows"), limit);
        limitRow.setAlignItems(FlexComponent.Alignment.END);
        details.add(limitRow);
        if (c.getCreatedAt() != null) {
            details.add(fact("Created", Feedback.dateTime(c.getCreatedAt())));
        }
        details.add(fact("Last used", c.getLastUsedAt() == null ? "Never" : Feedback.dateTime(c.getLastUsedAt())));
        details.add(fact("Last tested", c.getLastTestedAt() == null ? "Never"
                : Feedback.dateTime(c.getLastTestedAt()) + (Boolean.TRUE.equals(c.getLastTestOk()) ? " · passed" : " · failed")));
        var usage = connections.usage(c.getId());
        details.add(new H4("Used by"));
        if (usage.isEmpty()) {
            var none = new Paragraph("No workflow uses this connection yet.");
            none.addClassName("fm-muted");
            details.add(none);
        } else {
            var list = new UnorderedList();
            usage.forEach(u -> list.add(new ListItem(u.workflowName())));
            list.setId("connection-usage");
            details.add(list);
        }
    }

    private static Component fact(String label, String value) {
        var term = new Span(label);
        term.addClassName("fm-muted");
        var layout = new VerticalLayout(term, new Span(value));
        layout.setPadding(false);
        layout.setSpacing(false);
        return layout;
    }

    private void openCreateDialog() {
        new NewConnectionDialog(connections, connectors, oauth, null, this::startOAuth, c -> refresh()).open();
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

    private void openRateLimitDialog(Connection connection) {
        var dialog = new Dialog();
        dialog.setHeaderTitle("Rate limit of " + connection.getName());
        var perMinute = new com.vaadin.flow.component.textfield.IntegerField("Calls per minute");
        perMinute.setMin(1);
        perMinute.setMax(100_000);
        perMinute.setHelperText("Shared by every workflow; a step over it waits instead of failing. Empty: no limit.");
        perMinute.setValue(connection.getRateLimitPerMinute());
        perMinute.setWidthFull();
        perMinute.setId("rate-limit-value");
        dialog.add(perMinute);
        var save = new Button("Save", e -> {
            try {
                connections.setRateLimit(connection.getId(), perMinute.getValue());
                dialog.close();
                refresh();
            } catch (InvalidInputException problem) {
                perMinute.setErrorMessage(problem.getMessage());
                perMinute.setInvalid(true);
            } catch (NotFoundException problem) {
                dialog.close();
                refresh();
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        save.setId("rate-limit-save");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private void confirmRevoke(Connection connection) {
        String text = connection.getAuthKind() == AuthKind.OAUTH2
                ? "Flowmeter revokes its access at " + serviceName(connection.getConnector()) + " (where the provider allows it) and "
                + "deletes the stored tokens. Workflows using it fail until you reconnect it."
                : "Flowmeter deletes the stored secret. Workflows using it fail until you replace the secret. Revoke the key at the "
                + "service as well if it may have leaked.";
        Feedback.confirmDestructive("Revoke " + connection.getName() + "?", text, "Revoke", () -> {
            var result = connections.revoke(connection.getId());
            Feedback.success(connection.getName() + " revoked. " + result.message());
        }, this::refresh);
    }

    private void confirmDelete(Connection connection) {
        List<ConnectionService.Usage> users = connections.usage(connection.getId());
        String text = users.isEmpty()
                ? "Its secret is deleted too. Workflows can no longer use it. This cannot be undone."
                : "These workflows use it and will fail where they do: "
                + String.join(", ", users.stream().map(ConnectionService.Usage::workflowName).toList()) + ". This cannot be undone.";
        Feedback.confirmDestructive("Delete " + connection.getName() + "?", text, "Delete", () -> {
            connections.delete(connection.getId(), true);
            Feedback.success(connection.getName() + " deleted");
        }, () -> {
            grid.deselectAll();
            refresh();
        });
    }

    String serviceName(String key) {
        if (oauthClients.isProvider(key)) {
            return oauthClients.displayName(key);
        }
        return connectors.all().stream().filter(c -> c.key().equals(key)).map(Connector::displayName).findFirst().orElse(key);
    }

    private static List<String> filterItems(List<String> values) {
        var items = new java.util.ArrayList<String>();
        items.add("");
        items.addAll(values);
        return items;
    }

    private static Span badge(Connection c) {
        var badge = new Span(statusLabel(c.getStatus()));
        badge.getElement().getThemeList().add(switch (c.getStatus()) {
            case CONNECTED -> "badge success";
            case NEEDS_RECONNECT -> "badge contrast";
            case ERROR, REVOKED -> "badge error";
        });
        Optional.ofNullable(c.getStatusMessage()).ifPresent(m -> badge.getElement().setAttribute("title", m));
        return badge;
    }

    static String statusLabel(ConnectionStatus status) {
        return switch (status) {
            case CONNECTED -> "Connected";
            case NEEDS_RECONNECT -> "Needs reconnect";
            case ERROR -> "Error";
            case REVOKED -> "Revoked";
        };
    }

    static String label(AuthKind kind) {
        return switch (kind) {
            case OAUTH2 -> "OAuth2 sign-in";
            case API_KEY -> "API key";
            case BASIC -> "User name and password";
            case BEARER -> "Bearer token";
            case HEADER -> "Custom header";
            case SIGNING_SECRET -> "Webhook signing secret";
            case SMTP -> "SMTP server";
        };
    }
}
