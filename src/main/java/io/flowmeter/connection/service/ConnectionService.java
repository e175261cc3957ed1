package io.flowmeter.connection.service;

import io.flowmeter.connection.Connections;
import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.domain.Connection;
import io.flowmeter.connection.domain.ConnectionRepository;
import io.flowmeter.connection.domain.ConnectionStatus;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.secret.SecretStore;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.Inputs;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.service.TenantService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The current tenant's connections. Secret values go to the secret store only, keyed by the connection id; no
 * method here returns them except {@link #credentials}, which the engine calls for the step about to run.
 */
@Service
public class ConnectionService implements Connections {

    private static final String MANAGE = "hasAnyRole('ADMIN', 'API')";
    private static final String READ = "hasAnyRole('VIEWER', 'API')";
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    /** A workflow that refers to a connection. */
    public record Usage(UUID workflowId, String workflowName) {
    }

    private final ConnectionRepository connections;
    private final SecretStore secrets;
    private final ConnectorRegistry connectors;
    private final TenantService tenants;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    ConnectionService(ConnectionRepository connections, SecretStore secrets, ConnectorRegistry connectors, TenantService tenants,
                      JdbcTemplate jdbc, TransactionTemplate tx) {
        this.connections = connections;
        this.secrets = secrets;
        this.connectors = connectors;
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A connection authenticated by values the user enters (API key, basic, bearer token, custom header). */
    @PreAuthorize(MANAGE)
    public Connection create(String connector, String name, AuthKind kind, Map<String, String> values) {
        String cleanName = Inputs.requireText("name", name, 120, "Name the connection, e.g. \"Billing API\"");
        if (connector == null || connectors.all().stream().noneMatch(c -> c.key().equals(connector))) {
            throw new InvalidInputException("connector", "Unknown connector '" + connector + "'");
        }
        if (kind == null || kind == AuthKind.OAUTH2) {
            throw new InvalidInputException("authKind", "Choose API_KEY, BASIC, BEARER or HEADER; OAuth2 connections are made by signing in");
        }
        Map<String, String> clean = new LinkedHashMap<>();
        for (String field : kind.fields()) {
            String value = values == null ? null : values.get(field);
            if (value == null || value.isBlank()) {
                throw new InvalidInputException("values." + field, "'" + field + "' is required for " + kind);
            }
            if (value.length() > 10_000) {
                throw new InvalidInputException("values." + field, "'" + field + "' is too long");
            }
            clean.put(field, value.strip());
        }
        if (clean.containsKey("headerName") && !clean.get("headerName").matches("[A-Za-z0-9-]{1,100}")) {
            throw new InvalidInputException("values.headerName", "A header name has letters, digits and '-'");
        }
        int limit = tenants.current().getPlan().maxConnections();
        UUID tenantId = TenantContext.requireTenant();
        UUID actor = CurrentUser.get().map(FlowmeterPrincipal::userId).orElse(null);
        Connection saved = tx.execute(status -> {
            if (connections.count() >= limit) {
                throw new ConflictException("Your plan allows " + limit + " connections; delete one first");
            }
            return connections.save(new Connection(connector, cleanName, kind, actor));
        });
        try {
            secrets.put(tenantId, saved.getId().toString(), clean);
        } catch (RuntimeException e) {
            tx.executeWithoutResult(status -> connections.deleteById(saved.getId())); // leave no half-made connection
            throw e;
        }
        return saved;
    }

    @PreAuthorize(READ)
    public List<Connection> list() {
        return tx.execute(status -> connections.findAllByOrderByNameAsc());
    }

    @PreAuthorize(READ)
    public Connection get(UUID id) {
        return tx.execute(status -> connections.findById(id)).orElseThrow(() -> new NotFoundException("Connection not found"));
    }

    @PreAuthorize(MANAGE)
    public Connection rename(UUID id, String name) {
        String cleanName = Inputs.requireText("name", name, 120, "Name the connection");
        return tx.execute(status -> {
            Connection connection = connections.findById(id).orElseThrow(() -> new NotFoundException("Connection not found"));
            connection.rename(cleanName);
            return connection;
        });
    }

    /** The workflows whose draft refers to the connection. */
    @PreAuthorize(READ)
    public List<Usage> usage(UUID id) {
        get(id);
        return tx.execute(status -> jdbc.query("""
                select id, name from workflows
                where jsonb_path_exists(draft, '$.nodes[*] ? (@.connection == $id)', jsonb_build_object('id', ?::text))
                order by lower(name)
                """, (rs, i) -> new Usage(rs.getObject(1, UUID.class), rs.getString(2)), id.toString()));
    }

    /** Deletes the connection and its secrets; refused while workflows use it, unless {@code force}. */
    @PreAuthorize(MANAGE)
    public void delete(UUID id, boolean force) {
        List<Usage> users = usage(id);
        if (!users.isEmpty() && !force) {
            throw new ConflictException("Used by " + users.size() + " workflow(s): "
                    + String.join(", ", users.stream().map(Usage::workflowName).toList()) + "; remove it there first or delete anyway");
        }
        UUID tenantId = TenantContext.requireTenant();
        tx.executeWithoutResult(status -> connections.deleteById(id));
        secrets.delete(tenantId, id.toString());
    }

    @Override
    public boolean exists(UUID connectionId) {
        return Boolean.TRUE.equals(tx.execute(status -> connections.existsById(connectionId)));
    }

    @Override
    public Optional<Credentials> credentials(UUID connectionId) {
        UUID tenantId = TenantContext.requireTenant();
        Optional<Connection> connection = tx.execute(status -> {
            Optional<Connection> found = connections.findById(connectionId).filter(c -> c.getStatus() == ConnectionStatus.CONNECTED);
            found.ifPresent(c -> {
                Instant now = Instant.now();
                connections.touch(c.getId(), now, now.minus(TOUCH_INTERVAL));
            });
            return found;
        });
        return connection.flatMap(c -> secrets.get(tenantId, c.getId().toString())).map(s -> new Credentials(s.values()));
    }
}
