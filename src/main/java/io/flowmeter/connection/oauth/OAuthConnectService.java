package io.flowmeter.connection.oauth;

import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.domain.Connection;
import io.flowmeter.connection.domain.ConnectionRepository;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.secret.SecretStore;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.Inputs;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.Tokens;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.service.TenantService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.Map;
import java.util.UUID;

/**
 * The OAuth2 connect flow: authorization code with PKCE (Spring Security builds the request and exchanges the
 * code). {@link #start} remembers a single-use {@code state} bound to the tenant and, from the browser, to the
 * session; {@link #complete} consumes it when the provider sends the person back, and only then creates (or
 * reconnects) the connection, with its tokens in the secret store and nowhere else.
 */
@Service
public class OAuthConnectService {

    private static final Logger log = LoggerFactory.getLogger(OAuthConnectService.class);
    private static final String MANAGE = "hasAnyRole('ADMIN', 'API')";

    public record Started(String authorizationUrl, Instant expiresAt) {
    }

    /** How a callback ended. {@code code} is machine-readable; {@code message} is for people. */
    public record Completion(Result result, String code, String message, @Nullable UUID connectionId) {
        public boolean ok() {
            return result == Result.CONNECTED;
        }
    }

    public enum Result { CONNECTED, REFUSED, PROVIDER_UNREACHABLE }

    private record Pending(UUID tenantId, @Nullable String sessionHash, @Nullable UUID createdBy, String provider, String name,
                           @Nullable UUID connectionId, String client, String codeVerifier, String redirectUri, Instant expiresAt) {
    }

    private final OAuthClients clients;
    private final TokenEndpoint tokenEndpoint;
    private final ConnectionRepository connections;
    private final SecretStore secrets;
    private final TenantService tenants;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final OAuthProperties properties;
    private final ConnectionService connectionService;
    private final Audit audit;

    OAuthConnectService(OAuthClients clients, TokenEndpoint tokenEndpoint, ConnectionRepository connections, SecretStore secrets,
                        TenantService tenants, JdbcTemplate jdbc, TransactionTemplate tx, OAuthProperties properties,
                        ConnectionService connectionService, Audit audit) {
        this.connectionService = connectionService;
        this.audit = audit;
        this.clients = clients;
        this.tokenEndpoint = tokenEndpoint;
        this.connections = connections;
        this.secrets = secrets;
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties;
    }

    /**
     * Starts connecting (or, with {@code reconnect}, re-authorizing) an account at {@code provider}; returns the
     * provider's authorization URL to send the person to.
     *
     * @param sessionId the browser session that must finish the flow; null when started over the REST API
     */
    @PreAuthorize(MANAGE)
    public Started start(@Nullable String provider, @Nullable String name, @Nullable UUID reconnect, @Nullable String sessionId) {
        if (provider == null || !clients.isProvider(provider)) {
            throw new InvalidInputException("provider", "Unknown OAuth provider '" + provider + "'");
        }
        String cleanName;
        if (reconnect != null) {
            Connection existing = tx.execute(status -> connections.findById(reconnect))
                    .orElseThrow(() -> new NotFoundException("Connection not found"));
            if (existing.getAuthKind() != AuthKind.OAUTH2 || !existing.getConnector().equals(provider)) {
                throw new InvalidInputException("connectionId", "Only an OAuth2 connection to " + clients.displayName(provider)
                        + " can be reconnected this way");
            }
            cleanName = existing.getName();
        } else {
            cleanName = Inputs.requireText("name", name, 120, "Name the connection, e.g. \"Team GitHub\"");
            checkQuota();
        }
        OAuthClients.Client client = clients.preferredClient(provider);
        var registration = clients.registration(provider, client);
        String state = Tokens.random("");
        var builder = authorizationRequest(registration, registration.getRedirectUri(), state)
                .additionalParameters(extra -> extra.putAll(clients.authorizationParams(provider)));
        OAuth2AuthorizationRequestCustomizers.withPkce().accept(builder);
        OAuth2AuthorizationRequest request = builder.build();
        Instant expiresAt = Instant.now().plus(properties.stateTtlOrDefault());
        UUID actor = CurrentUser.get().map(FlowmeterPrincipal::userId).orElse(null);
        String verifier = request.getAttribute(PkceParameterNames.CODE_VERIFIER);
        tx.executeWithoutResult(status -> {
            jdbc.update("delete from oauth_states where expires_at < now()");
            jdbc.update("""
                    insert into oauth_states (state_hash, tenant_id, session_hash, created_by, provider, name, connection_id,
                                              oauth_client, code_verifier, redirect_uri, expires_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, Tokens.sha256(state), TenantContext.requireTenant(), sessionId == null ? null : Tokens.sha256(sessionId),
                    actor, provider, cleanName, reconnect, client.name(), verifier, registration.getRedirectUri(), Timestamp.from(expiresAt));
        });
        return new Started(request.getAuthorizationRequestUri(), expiresAt);
    }

    /**
     * Finishes a connect when the provider sends the person back. Works in the tenant the state was created in;
     * nothing changes unless the state is known, unused, unexpired and (when bound) from the same session.
     */
    public Completion complete(@Nullable String state, @Nullable String code, @Nullable String error,
                               @Nullable String errorDescription, @Nullable String sessionId) {
        if (state == null || state.isBlank() || state.length() > 200) {
            return refused("invalid_state", "This sign-in link is not valid: it carries no connect request. Start again from Connections.");
        }
        String stateHash = Tokens.sha256(state);
        Pending pending = TenantContext.callAsPlatform(() -> tx.execute(status -> jdbc.query("""
                select tenant_id, session_hash, created_by, provider, name, connection_id, oauth_client, code_verifier,
                       redirect_uri, expires_at from oauth_states where state_hash = ?
                """, (rs, i) -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                rs.getString(4), rs.getString(5), rs.getObject(6, UUID.class), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getTimestamp(10).toInstant()), stateHash).stream().findFirst().orElse(null)));
        if (pending == null) {
            return refused("invalid_state", "This sign-in link was already used or is unknown. Start again from Connections.");
        }
        if (pending.sessionHash() != null && (sessionId == null || !pending.sessionHash().equals(Tokens.sha256(sessionId)))) {
            return refused("session_mismatch", "This connect was started in another browser session. Start again from Connections.");
        }
        int consumed = TenantContext.callAsPlatform(() -> tx.execute(status ->
                jdbc.update("delete from oauth_states where state_hash = ?", stateHash)));
        if (consumed == 0) {
            return refused("invalid_state", "This sign-in link was already used. Start again from Connections.");
        }
        if (pending.expiresAt().isBefore(Instant.now())) {
            return refused("expired", "The connect took too long (over " + properties.stateTtlOrDefault().toMinutes()
                    + " minutes). Start again from Connections.");
        }
        String provider = clients.displayName(pending.provider());
        if (error != null && !error.isBlank()) {
            return "access_denied".equals(error)
                    ? refused("access_denied", "Access to " + provider + " was not granted, so nothing was connected.")
                    : refused("provider_error", provider + " reported an error: " + clip(error)
                    + (errorDescription == null ? "" : " (" + clip(errorDescription) + ")"));
        }
        if (code == null || code.isBlank()) {
            return refused("invalid_request", provider + " sent no authorization code. Start again from Connections.");
        }
        return TenantContext.callAsTenant(pending.tenantId(), () -> exchange(pending, state, code));
    }

    private Completion exchange(Pending pending, String state, String code) {
        String provider = clients.displayName(pending.provider());
        TokenEndpoint.Tokens tokens;
        try {
            var registration = clients.registration(pending.provider(), OAuthClients.Client.valueOf(pending.client()));
            // the request as it was sent, with the verifier that only we know, for Spring's code exchange
            var request = authorizationRequest(registration, pending.redirectUri(), state)
                    .attributes(attributes -> attributes.put(PkceParameterNames.CODE_VERIFIER, pending.codeVerifier()))
                    .build();
            tokens = tokenEndpoint.exchange(registration, request, code);
        } catch (InvalidInputException e) {
            return refused("no_client", e.getMessage());
        } catch (TokenEndpoint.TokenException e) {
            log.info("OAuth code exchange with {} failed: {}", pending.provider(), e.code());
            if (e.transientFailure()) {
                return new Completion(Result.PROVIDER_UNREACHABLE, "provider_unreachable",
                        provider + " could not be reached to finish connecting; try again in a moment.", null);
            }
            String hint = "invalid_grant".equals(e.code()) ? " The authorization code was refused (it may have expired);" : "";
            return refused("token_error", provider + " refused to issue tokens: " + clip(e.getMessage()) + "." + hint
                    + " Nothing was connected; start again from Connections.");
        }
        String scopes = tokens.scopes().isEmpty() ? null : String.join(" ", new TreeSet<>(tokens.scopes()));
        UUID tenantId = pending.tenantId();
        if (pending.connectionId() != null) {
            Connection existing = tx.execute(status -> connections.findById(pending.connectionId()).orElse(null));
            if (existing == null) {
                return refused("gone", "The connection was deleted while you were signing in; nothing was changed.");
            }
            secrets.put(tenantId, existing.getId().toString(), tokens.values());
            tx.executeWithoutResult(status -> connections.findById(existing.getId()).ifPresent(c -> {
                Map<String, Object> before = ConnectionService.describe(c);
                c.connected(scopes, tokens.expiresAt(), pending.client());
                audit.record(AuditAction.CONNECTION_RECONNECTED, c.getId(), c.getName(), before, ConnectionService.describe(c));
            }));
            return new Completion(Result.CONNECTED, "reconnected", existing.getName() + " is reconnected.", existing.getId());
        }
        Connection created;
        try {
            created = tx.execute(status -> {
                checkQuota();
                var connection = new Connection(pending.provider(), pending.name(), AuthKind.OAUTH2, pending.createdBy());
                connection.connected(scopes, tokens.expiresAt(), pending.client());
                Connection stored = connections.save(connection);
                audit.record(AuditAction.CONNECTION_CREATED, stored.getId(), stored.getName(), null, ConnectionService.describe(stored));
                return stored;
            });
        } catch (ConflictException e) {
            return refused("quota", e.getMessage());
        }
        try {
            secrets.put(tenantId, created.getId().toString(), tokens.values());
        } catch (RuntimeException e) {
            connectionService.undoCreate(created);
            throw e;
        }
        return new Completion(Result.CONNECTED, "connected", pending.name() + " is connected to " + provider + ".", created.getId());
    }

    private static OAuth2AuthorizationRequest.Builder authorizationRequest(ClientRegistration registration, String redirectUri, String state) {
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(registration.getProviderDetails().getAuthorizationUri())
                .clientId(registration.getClientId())
                .redirectUri(redirectUri)
                .scopes(registration.getScopes())
                .state(state)
                .attributes(attributes -> attributes.put(OAuth2ParameterNames.REGISTRATION_ID, registration.getRegistrationId()));
    }

    private void checkQuota() {
        int limit = tenants.current().getPlan().maxConnections();
        Long count = tx.execute(status -> connections.count());
        if (count != null && count >= limit) {
            throw new ConflictException("Your plan allows " + limit + " connections; delete one first");
        }
    }

    /** For the hub: providers and whether the organization can connect to them. */
    public List<OAuthClients.ProviderInfo> providers() {
        return clients.providers();
    }

    private static Completion refused(String code, String message) {
        return new Completion(Result.REFUSED, code, message, null);
    }

    private static String clip(String value) {
        String clean = value.replaceAll("[\\p{Cntrl}<>]", " ");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
