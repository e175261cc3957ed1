package io.flowmeter.secret;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TEST DOUBLE of the HashiCorp Vault HTTP API (no Vault can be installed on our machines): it implements, in
 * memory, exactly the endpoints Flowmeter's Vault client uses, with Vault's documented request and response
 * shapes: {@code sys/health}, KV v2 {@code <mount>/data/<path>} (write a version, read latest or {@code ?version=}),
 * {@code <mount>/metadata/<path>} (delete all versions; list with {@code ?list=true} or the LIST method), and the
 * {@code X-Vault-Token} check, {@code auth/token/lookup-self}, and the AppRole ({@code auth/approle/login}) and
 * Kubernetes ({@code auth/<mount>/login}) logins, which hand out the token for the credentials below. It is not a
 * Vault; the same tests run against a real one when VAULT_ADDR is set.
 */
final class VaultHttpApiTestDouble implements AutoCloseable {

    private final HttpServer server;
    private final String token;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<Map<String, Object>>> versions = new ConcurrentHashMap<>();
    volatile boolean sealed;

    static final String ROLE_ID = "test-role-id";
    static final String SECRET_ID = "test-secret-id";
    static final String KUBERNETES_ROLE = "flowmeter";
    static final String KUBERNETES_JWT = "eyJ.test-service-account-token.sig";

    VaultHttpApiTestDouble(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring("/v1/".length());
        String query = exchange.getRequestURI().getQuery() == null ? "" : exchange.getRequestURI().getQuery();
        String method = exchange.getRequestMethod();
        if (path.equals("sys/health")) {
            // like Vault: 200 when active and unsealed, 503 when sealed
            respond(exchange, sealed ? 503 : 200, Map.of("initialized", true, "sealed", sealed, "standby", false, "version", "test-double"));
            return;
        }
        if (path.equals("auth/approle/login") || path.matches("auth/[a-z0-9-]+/login")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = json.readValue(exchange.getRequestBody(), Map.class);
            boolean ok = path.equals("auth/approle/login")
                    ? ROLE_ID.equals(body.get("role_id")) && SECRET_ID.equals(body.get("secret_id"))
                    : path.equals("auth/kubernetes/login") && KUBERNETES_ROLE.equals(body.get("role")) && KUBERNETES_JWT.equals(body.get("jwt"));
            if (!ok) {
                respond(exchange, 400, Map.of("errors", List.of("invalid credentials")));
                return;
            }
            respond(exchange, 200, Map.of("auth", Map.of("client_token", token, "accessor", "test-accessor", "policies", List.of("default"),
                    "lease_duration", 3600, "renewable", true)));
            return;
        }
        if (!token.equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"))) {
            respond(exchange, 403, Map.of("errors", List.of("permission denied")));
            return;
        }
        if (path.equals("auth/token/lookup-self")) {
            respond(exchange, 200, Map.of("data", Map.of("accessor", "test-accessor", "policies", List.of("default"), "ttl", 3600)));
            return;
        }
        int slash = path.indexOf('/');
        String mount = path.substring(0, slash);
        String rest = path.substring(slash + 1);
        if (rest.startsWith("data/")) {
            String key = mount + "/" + rest.substring("data/".length());
            if (method.equals("POST") || method.equals("PUT")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> body = json.readValue(exchange.getRequestBody(), Map.class);
                List<Map<String, Object>> list = versions.computeIfAbsent(key, k -> new ArrayList<>());
                synchronized (list) {
                    list.add(new LinkedHashMap<>(castMap(body.get("data"))));
                    respond(exchange, 200, Map.of("data", metadata(list.size())));
                }
                return;
            }
            if (method.equals("GET")) {
                List<Map<String, Object>> list = versions.get(key);
                int version = query.startsWith("version=") ? Integer.parseInt(query.substring("version=".length())) : 0;
                if (list == null || list.isEmpty() || version > list.size()) {
                    respond(exchange, 404, Map.of("errors", List.of()));
                    return;
                }
                int chosen = version == 0 ? list.size() : version;
                respond(exchange, 200, Map.of("data", Map.of("data", list.get(chosen - 1), "metadata", metadata(chosen))));
                return;
            }
        }
        if (rest.startsWith("metadata/")) {
            String key = mount + "/" + rest.substring("metadata/".length());
            if (method.equals("DELETE")) {
                versions.remove(key);
                respond(exchange, 204, null);
                return;
            }
            if (method.equals("LIST") || (method.equals("GET") && query.contains("list=true"))) {
                String folder = key.endsWith("/") ? key : key + "/";
                TreeSet<String> keys = new TreeSet<>();
                for (String stored : versions.keySet()) {
                    if (stored.startsWith(folder)) {
                        String tail = stored.substring(folder.length());
                        keys.add(tail.contains("/") ? tail.substring(0, tail.indexOf('/') + 1) : tail);
                    }
                }
                if (keys.isEmpty()) {
                    respond(exchange, 404, Map.of("errors", List.of()));
                } else {
                    respond(exchange, 200, Map.of("data", Map.of("keys", new ArrayList<>(keys))));
                }
                return;
            }
        }
        respond(exchange, 404, Map.of("errors", List.of("no handler for " + method + " " + path)));
    }

    private static Map<String, Object> metadata(int version) {
        return Map.of("created_time", Instant.now().toString(), "deletion_time", "", "destroyed", false, "version", version);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private void respond(HttpExchange exchange, int status, Object body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
