package io.flowmeter.connection.api;

import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.domain.Connection;
import io.flowmeter.connection.domain.ConnectionStatus;
import io.flowmeter.connection.oauth.OAuthClients;
import io.flowmeter.connection.oauth.OAuthConnectService;
import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Connections over REST. Secret values go in once and never come back out. */
@RestController
@RequestMapping("/api/v1/connections")
class ConnectionController {

    record CreateRequest(@Nullable String connector, @Nullable String name, @Nullable String authKind,
                         @Nullable Map<String, String> values, @Nullable String testUrl) {
    }

    record UpdateRequest(@Nullable String name, @Nullable String testUrl, @Nullable Integer rateLimitPerMinute,
                         @Nullable Boolean removeRateLimit) {
    }

    record OAuthStartRequest(@Nullable String provider, @Nullable String name) {
    }

    record OAuthStartResponse(String authorizationUrl, Instant expiresAt, String redirectUri) {
    }

    record OAuthAppRequest(@Nullable String clientId, @Nullable String clientSecret) {
    }

    record TestResponse(boolean ok, String message, @Nullable Instant testedAt) {
    }

    record ConnectionResponse(UUID id, String connector, String name, String authKind, String status, @Nullable String statusMessage,
                              @Nullable String scopes, @Nullable Instant createdAt, @Nullable Instant lastUsedAt,
                              @Nullable Instant expiresAt, @Nullable Instant lastTestedAt, @Nullable Boolean lastTestOk,
                              @Nullable String testUrl, @Nullable Integer rateLimitPerMinute, List<ConnectionService.Usage> usedBy) {
    }

    private final ConnectionService connections;
    private final OAuthConnectService oauth;
    private final OAuthClients oauthClients;

    ConnectionController(ConnectionService connections, OAuthConnectService oauth, OAuthClients oauthClients) {
        this.connections = connections;
        this.oauth = oauth;
        this.oauthClients = oauthClients;
    }

    /** Every connection, optionally only those with a status or of a connector. */
    @GetMapping
    List<ConnectionResponse> list(@RequestParam(required = false) @Nullable String status,
                                  @RequestParam(required = false) @Nullable String connector) {
        ConnectionStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = ConnectionStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("status", "'status' is one of " + java.util.Arrays.toString(ConnectionStatus.values()));
            }
        }
        ConnectionStatus filter = wanted;
        return connections.list().stream()
                .filter(c -> filter == null || c.getStatus() == filter)
                .filter(c -> connector == null || connector.isBlank() || c.getConnector().equals(connector.strip()))
                .map(c -> response(c, List.of())).toList();
    }

    /** The OAuth2 providers connections can sign in to, and whether this organization can (platform or own app). */
    @GetMapping("/oauth/providers")
    List<OAuthClients.ProviderInfo> providers() {
        return oauthClients.providers();
    }

    /**
     * Starts an OAuth2 connect: open {@code authorizationUrl} in a browser; the provider sends the person back to
     * Flowmeter, which creates the connection. Single use, valid for {@code expiresAt}.
     */
    @PostMapping("/oauth")
    @ResponseStatus(HttpStatus.CREATED)
    OAuthStartResponse startOAuth(@RequestBody OAuthStartRequest request) {
        var started = oauth.start(request.provider(), request.name(), null, null);
        return new OAuthStartResponse(started.authorizationUrl(), started.expiresAt(), oauthClients.redirectUri());
    }

    /** Re-authorizes an OAuth2 connection (e.g. one that needs reconnecting), keeping its id and its users. */
    @PostMapping("/{id}/reconnect")
    @ResponseStatus(HttpStatus.CREATED)
    OAuthStartResponse reconnect(@PathVariable UUID id) {
        var connection = connections.get(id);
        var started = oauth.start(connection.getConnector(), null, id, null);
        return new OAuthStartResponse(started.authorizationUrl(), started.expiresAt(), oauthClients.redirectUri());
    }

    /** Registers the organization's own OAuth app for a provider (used for new connects instead of the platform's). */
    @PutMapping("/oauth/providers/{provider}/app")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void saveApp(@PathVariable String provider, @RequestBody OAuthAppRequest request) {
        oauthClients.saveTenantApp(provider, request.clientId(), request.clientSecret());
    }

    @DeleteMapping("/oauth/providers/{provider}/app")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteApp(@PathVariable String provider) {
        oauthClients.deleteTenantApp(provider);
    }

    @PostMapping("/{id}/test")
    TestResponse test(@PathVariable UUID id) {
        var result = connections.test(id);
        return new TestResponse(result.ok(), result.message(), connections.get(id).getLastTestedAt());
    }

    record CredentialsRequest(@Nullable Map<String, String> values) {
    }

    /** New entered credentials (a rotated key), stored as a new secret version; the connection is usable again. */
    @PutMapping("/{id}/credentials")
    ConnectionResponse replaceCredentials(@PathVariable UUID id, @RequestBody CredentialsRequest request) {
        connections.replaceCredentials(id, request.values());
        return get(id);
    }

    /** Revokes OAuth2 tokens at the provider (when it supports it) and deletes the stored secret; the connection stays, revoked. */
    @PostMapping("/{id}/revoke")
    TestResponse revoke(@PathVariable UUID id) {
        var result = connections.revoke(id);
        return new TestResponse(result.ok(), result.message(), null);
    }

    @PatchMapping("/{id}")
    ConnectionResponse update(@PathVariable UUID id, @RequestBody UpdateRequest request) {
        if (request.name() != null) {
            connections.rename(id, request.name());
        }
        if (request.testUrl() != null) {
            connections.setTestUrl(id, request.testUrl().isBlank() ? null : request.testUrl());
        }
        if (request.rateLimitPerMinute() != null || Boolean.TRUE.equals(request.removeRateLimit())) {
            connections.setRateLimit(id, Boolean.TRUE.equals(request.removeRateLimit()) ? null : request.rateLimitPerMinute());
        }
        return get(id);
    }

    @GetMapping("/{id}")
    ConnectionResponse get(@PathVariable UUID id) {
        return response(connections.get(id), connections.usage(id));
    }

    @PostMapping
    ResponseEntity<ConnectionResponse> create(@RequestBody CreateRequest request) {
        AuthKind kind;
        try {
            kind = AuthKind.valueOf(String.valueOf(request.authKind()).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("authKind", "'authKind' is API_KEY, BASIC, BEARER, HEADER, SIGNING_SECRET or SMTP");
        }
        Connection created = connections.create(request.connector(), request.name(), kind, request.values(), request.testUrl());
        return ResponseEntity.created(URI.create("/api/v1/connections/" + created.getId())).body(response(created, List.of()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean force) {
        connections.delete(id, force);
    }

    private static ConnectionResponse response(Connection c, List<ConnectionService.Usage> usage) {
        return new ConnectionResponse(c.getId(), c.getConnector(), c.getName(), c.getAuthKind().name(), c.getStatus().name(),
                c.getStatusMessage(), c.getScopes(), c.getCreatedAt(), c.getLastUsedAt(), c.getExpiresAt(), c.getLastTestedAt(),
                c.getLastTestOk(), c.getTestUrl(), c.getRateLimitPerMinute(), usage);
    }
}
