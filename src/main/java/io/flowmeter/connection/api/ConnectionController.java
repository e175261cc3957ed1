package io.flowmeter.connection.api;

import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.domain.Connection;
import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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
                         @Nullable Map<String, String> values) {
    }

    record ConnectionResponse(UUID id, String connector, String name, String authKind, String status,
                              @Nullable Instant createdAt, @Nullable Instant lastUsedAt, @Nullable Instant expiresAt,
                              List<ConnectionService.Usage> usedBy) {
    }

    private final ConnectionService connections;

    ConnectionController(ConnectionService connections) {
        this.connections = connections;
    }

    @GetMapping
    List<ConnectionResponse> list() {
        return connections.list().stream().map(c -> response(c, List.of())).toList();
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
            throw new InvalidInputException("authKind", "'authKind' is API_KEY, BASIC, BEARER or HEADER");
        }
        Connection created = connections.create(request.connector(), request.name(), kind, request.values());
        return ResponseEntity.created(URI.create("/api/v1/connections/" + created.getId())).body(response(created, List.of()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean force) {
        connections.delete(id, force);
    }

    private static ConnectionResponse response(Connection c, List<ConnectionService.Usage> usage) {
        return new ConnectionResponse(c.getId(), c.getConnector(), c.getName(), c.getAuthKind().name(), c.getStatus().name(),
                c.getCreatedAt(), c.getLastUsedAt(), c.getExpiresAt(), usage);
    }
}
