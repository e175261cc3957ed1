package io.flowmeter.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;

/**
 * A third-party service that steps change the world through ({@code POST /effect?<what>}), honouring idempotency
 * keys as Stripe does: a key seen before applies nothing again. An effect applied under a second key is a step
 * whose effect happened twice. {@code &flaky=1} answers the first call for its effect with a 503, so the step
 * retries; {@code &ms=N} takes N ms to answer.
 */
public final class EffectService implements AutoCloseable {

    /** One request as it arrived. */
    public record Call(long atNanos, String what, String key) {
    }

    private final HttpServer server;
    private final Map<String, String> appliedByKey = new ConcurrentHashMap<>();
    private final Set<String> effects = ConcurrentHashMap.newKeySet();
    private final Set<String> refusedOnce = ConcurrentHashMap.newKeySet();
    private final AtomicInteger duplicateEffects = new AtomicInteger();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    public EffectService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // more threads than all the nodes' step workers together: a slow call must never make another wait for a thread,
        // or a test timing a step's start (ClusterIT's hand-over) measures this pool instead
        server.setExecutor(Executors.newFixedThreadPool(96));
        server.createContext("/effect", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String query = exchange.getRequestURI().getQuery();
        String what = query.replaceAll("&(flaky|ms)=[^&]*", "");
        calls.add(new Call(System.nanoTime(), what, key));
        var ms = java.util.regex.Pattern.compile("(?:^|&)ms=(\\d+)").matcher(query);
        if (ms.find()) {
            sleep(Long.parseLong(ms.group(1)));
        }
        int status = 200;
        if (query.contains("flaky=1") && refusedOnce.add(what)) {
            status = 503;
        } else if (appliedByKey.putIfAbsent(key, what) == null && !effects.add(what)) {
            duplicateEffects.incrementAndGet();
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] body = "{\"ok\": true}".getBytes();
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** The URL a step calls for {@code what} (a query string naming the effect, e.g. {@code run={{run.id}}&step=a}). */
    public String url(String what) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/effect?" + what;
    }

    public Set<String> effects() {
        return effects;
    }

    public int duplicateEffects() {
        return duplicateEffects.get();
    }

    public List<Call> calls() {
        return calls;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
