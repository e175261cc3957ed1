package io.flowmeter.connection.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinSession;
import io.flowmeter.connection.ConnectionChoices;
import io.flowmeter.connection.oauth.OAuthConnectService;
import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.connector.spi.ConnectorRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** {@link ConnectionChoices} for the builder: lists from the connection service, the hub's own dialog. */
@Component
class ConnectionDialogLauncher implements ConnectionChoices {

    private final ConnectionService connections;
    private final ConnectorRegistry connectors;
    private final OAuthConnectService oauth;

    ConnectionDialogLauncher(ConnectionService connections, ConnectorRegistry connectors, OAuthConnectService oauth) {
        this.connections = connections;
        this.connectors = connectors;
        this.oauth = oauth;
    }

    @Override
    public List<Choice> usableBy(String connectorKey) {
        return connections.list().stream()
                .filter(c -> connectorKey.equals("http") || connectorKey.equals(c.getConnector()))
                .map(c -> new Choice(c.getId(), c.getName(), c.getConnector(), c.getStatus().name()))
                .toList();
    }

    @Override
    public void openNewConnectionDialog(@Nullable String connectorKey, Consumer<UUID> created) {
        new NewConnectionDialog(connections, connectors, oauth, connectorKey, (provider, name) -> {
            VaadinSession session = VaadinSession.getCurrent();
            String sessionId = session == null || session.getSession() == null ? null : session.getSession().getId();
            var started = oauth.start(provider, name, null, sessionId);
            UI.getCurrent().getPage().setLocation(started.authorizationUrl());
        }, connection -> created.accept(connection.getId())).open();
    }
}
