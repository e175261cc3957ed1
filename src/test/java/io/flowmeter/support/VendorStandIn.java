package io.flowmeter.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One local server standing in for the vendors the templates call, each under its own prefix, answering as their API
 * references document: Stripe ({@code /stripe/v1/payment_intents/…}, {@code /stripe/v1/customers/…}), GitHub
 * ({@code /github/repos/…/issues}), the Sheets API v4 ({@code /sheets/spreadsheets/…}), the Gmail API
 * ({@code /gmail/users/me/messages/send}), OpenAI's chat completions ({@code /openai/chat/completions}, the answer's
 * content chosen by what the prompt asks), a Discord webhook ({@code /discord/…}) and a plain JSON API
 * ({@code /api/…}). Every request is recorded.
 */
public final class VendorStandIn implements AutoCloseable {

    private final HttpServer server;
    private final List<ReplayServer.Recorded> requests = new CopyOnWriteArrayList<>();

    public VendorStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<ReplayServer.Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The requests whose path starts with {@code prefix}, e.g. {@code /github/}. */
    public List<ReplayServer.Recorded> requests(String prefix) {
        return requests.stream().filter(r -> r.pathAndQuery().startsWith(prefix)).toList();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().toString();
        var headers = new java.util.LinkedHashMap<String, String>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        requests.add(new ReplayServer.Recorded(exchange.getRequestMethod(), path, headers, body));
        int status = 200;
        String answer;
        if (path.startsWith("/stripe/v1/payment_intents/")) {
            String id = path.substring("/stripe/v1/payment_intents/".length()).split("\\?")[0];
            answer = """
                    {"id": "%s", "object": "payment_intent", "amount": 12000, "currency": "eur", "status": "succeeded", "customer": "cus_NffrFeUfNV2Hib",
                     "created": 1700000000, "livemode": false, "metadata": {}}""".formatted(id);
        } else if (path.startsWith("/stripe/v1/customers/")) {
            answer = """
                    {"id": "cus_Ada", "object": "customer", "email": "ada@example.com", "name": "Ada Lovelace", "created": 1700000000, "livemode": false,
                     "metadata": {}}""";
        } else if (path.startsWith("/github/repos/") && path.endsWith("/issues")) {
            status = 201;
            answer = """
                    {"id": 1, "node_id": "MDU6SXNzdWUx", "number": 1347, "title": "Found a bug", "state": "open",
                     "url": "https://api.github.com/repos/your-org/your-app/issues/1347", "html_url": "https://github.com/your-org/your-app/issues/1347"}""";
        } else if (path.startsWith("/sheets/spreadsheets/") && path.contains(":append")) {
            answer = """
                    {"spreadsheetId": "REPLACE-WITH-YOUR-SHEET-ID", "tableRange": "Sales!A1:D1",
                     "updates": {"spreadsheetId": "REPLACE-WITH-YOUR-SHEET-ID", "updatedRange": "Sales!A2:D2", "updatedRows": 1, "updatedColumns": 4, "updatedCells": 4}}""";
        } else if (path.startsWith("/sheets/spreadsheets/")) {
            answer = """
                    {"range": "Orders!A1:C3", "majorDimension": "ROWS", "values": [["Order", "Total", "Customer"], ["A-1001", "120", "Ada"], ["A-1002", "80", "Grace"]]}""";
        } else if (path.startsWith("/gmail/")) {
            answer = "{\"id\": \"18c2f0f0c1d2e3f4\", \"threadId\": \"18c2f0f0c1d2e3f4\", \"labelIds\": [\"SENT\"]}";
        } else if (path.startsWith("/openai/chat/completions")) {
            String content = body.contains("score B2B") ? "{\"score\": 85, \"reason\": \"Two hundred seats next month\"}"
                    : body.contains("Classify support") ? "{\"category\": \"billing\", \"urgent\": true, \"summary\": \"Charged twice for November\"}"
                    : "- The board approved the budget\\n- Hiring starts in January";
            answer = ChatCompletions.answer(content.replace("\\n", "\n"));
        } else if (path.startsWith("/discord/")) {
            answer = """
                    {"id": "1189391450112344065", "type": 0, "content": "Released", "channel_id": "1189391450112344000", "webhook_id": "1189391450112344064"}""";
        } else if (path.startsWith("/api/")) {
            answer = "{\"ok\": true}";
        } else {
            status = 404;
            answer = "{\"error\": \"not found\"}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
