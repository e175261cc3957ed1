package io.flowmeter.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stands in for a vendor API we cannot reach from tests: answers each request with the next canned response (the
 * vendor's documented shape) and records exactly what was sent, so a test can assert the outgoing request.
 */
public final class ReplayServer implements AutoCloseable {

    /** A request as received: method, path with query, headers (lower-case names), body. */
    public record Recorded(String method, String pathAndQuery, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A canned answer. */
    public record Canned(int status, String contentType, String body, Map<String, String> headers) {
        public static Canned json(int status, String body) {
            return new Canned(status, "application/json", body, Map.of());
        }
    }

    private final HttpServer server;
    private final List<Canned> answers = Collections.synchronizedList(new ArrayList<>());
    private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());

    public ReplayServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
                    headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Canned answer = answers.isEmpty() ? Canned.json(500, "{\"message\": \"no canned answer left\"}") : answers.remove(0);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public ReplayServer answer(Canned canned) {
        answers.add(canned);
        return this;
    }

    /** Forgets the answers not used yet (a test's leftovers must not answer the next test's requests). */
    public ReplayServer forgetAnswers() {
        answers.clear();
        return this;
    }

    public ReplayServer answerJson(int status, String body) {
        return answer(Canned.json(status, body));
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public Recorded last() {
        return requests.get(requests.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
