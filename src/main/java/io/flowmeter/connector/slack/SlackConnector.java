package io.flowmeter.connector.slack;

import io.flowmeter.connector.http.JsonApi;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.OutputField;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Slack's Web API (chat.postMessage, chat.update, conversations.list) with an OAuth2 or bot-token connection,
 * or an incoming-webhook URL for posting. Slack answers errors with HTTP 200 and {@code "ok": false}: those
 * become step errors with Slack's code; token errors count as 401 (an OAuth2 token is refreshed once).
 */
@Component
public class SlackConnector implements Connector {

    private static final Set<String> AUTH_ERRORS = Set.of("not_authed", "invalid_auth", "token_expired", "token_revoked", "account_inactive");

    private final String baseUrl;

    public SlackConnector(@Value("${flowmeter.connectors.slack.base-url:https://slack.com/api}") String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    @Override
    public String key() {
        return "slack";
    }

    @Override
    public String displayName() {
        return "Slack";
    }

    @Override
    public String icon() {
        return "vaadin:chat";
    }

    @Override
    public String description() {
        return "Messages in Slack";
    }

    @Override
    public List<ActionDefinition> actions() {
        return List.of(
                new ActionDefinition("postMessage", "Post a message", "Posts to a channel (with a Slack connection) or to an incoming webhook", List.of(
                        ParamSpec.optional("channel", ParamType.STRING, "Channel id or name, e.g. C0123 or #general", null),
                        ParamSpec.required("text", ParamType.TEXT, "The message (Slack mrkdwn)"),
                        ParamSpec.optional("blocks", ParamType.JSON, "Block Kit blocks", null),
                        ParamSpec.optional("threadTs", ParamType.STRING, "Reply in this thread (a message ts)", null),
                        ParamSpec.optional("webhookUrl", ParamType.STRING, "Incoming webhook URL, instead of a connection", null)), false)
                        .withHelp("Posts to a channel with chat.postMessage through a Slack connection (OAuth2 or bot token), or to an "
                                + "incoming-webhook URL without one (output {ok: true}). Slack's ok: false errors fail with Slack's code; "
                                + "rate limits are retried and a rejected OAuth2 token is refreshed once.")
                        .withAuthKinds("oauth2", "bearer", "none")
                        .withExample(Map.of("channel", "#deploys", "text", "Deploy of {{trigger.body.version}} finished"))
                        .withOutputs(OutputField.string("channel", "The channel's id"),
                                OutputField.string("ts", "The message's timestamp id: reply with it as threadTs, or update the message"))
                        .withSample(Map.of("channel", "C123ABC456", "ts", "1503435956.000247")),
                new ActionDefinition("updateMessage", "Update a message", "Changes a message the app posted", List.of(
                        ParamSpec.required("channel", ParamType.STRING, "Channel id"),
                        ParamSpec.required("ts", ParamType.STRING, "The message's ts"),
                        ParamSpec.required("text", ParamType.TEXT, "The new text")), false)
                        .withHelp("Replaces the text of a message the app posted, found by channel and ts (from postMessage's output); "
                                + "the output is Slack's answer.")
                        .withAuthKinds("oauth2", "bearer")
                        .withExample(Map.of("channel", "C123ABC456", "ts", "1503435956.000247", "text", "Deploy finished: all green"))
                        .withOutputs(OutputField.bool("ok", "Always true (errors fail the step)"),
                                OutputField.string("channel", "The channel's id"),
                                OutputField.string("ts", "The message's timestamp id"),
                                OutputField.string("text", "The new text"))
                        .withSample(Map.of("ok", true, "channel", "C123ABC456", "ts", "1503435956.000247", "text", "Deploy finished: all green")),
                new ActionDefinition("listChannels", "List channels", "Lists channels the connection can see", List.of(
                        ParamSpec.optional("limit", ParamType.NUMBER, "At most this many (1-1000)", 100),
                        ParamSpec.optional("cursor", ParamType.STRING, "next_cursor of a previous page", null),
                        ParamSpec.optional("types", ParamType.STRING, "public_channel, private_channel, ...", "public_channel")), false)
                        .withHelp("Lists the conversations the connection can see with conversations.list, one page at a time; pass "
                                + "nextCursor as cursor to read the next page.")
                        .withAuthKinds("oauth2", "bearer")
                        .withExample(Map.of("limit", 200, "types", "public_channel,private_channel"))
                        .withOutputs(OutputField.list("channels", "Slack's conversation objects (id, name, is_private, ...)"),
                                OutputField.string("nextCursor", "The next page's cursor; empty on the last page"))
                        .withSample(Map.of("channels", List.of(Map.of("id", "C012AB3CD", "name", "general", "is_channel", true,
                                        "is_private", false, "is_archived", false, "num_members", 23)),
                                "nextCursor", "dGVhbTpDMDYxRkE1UEI=")));
    }

    @Override
    public ActionResult execute(String action, ActionRequest request) throws ActionException {
        return switch (action) {
            case "postMessage" -> post(request);
            case "updateMessage" -> ActionResult.completed(call(request, "POST", "chat.update", Map.of(
                    "channel", request.string("channel", ""), "ts", request.string("ts", ""), "text", request.string("text", ""))));
            case "listChannels" -> listChannels(request);
            default -> throw ActionException.permanent("Unknown action slack." + action);
        };
    }

    private ActionResult post(ActionRequest request) throws ActionException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", request.string("text", ""));
        if (request.param("blocks") != null) {
            body.put("blocks", request.param("blocks"));
        }
        String webhook = request.string("webhookUrl", "");
        if (!webhook.isEmpty()) {
            if (!webhook.startsWith("https://") && !webhook.startsWith("http://")) {
                throw ActionException.permanent("The webhook URL must be an http(s) URL");
            }
            JsonApi.send("Slack", "POST", URI.create(webhook), Map.of(), body, false, request.timeout());
            return ActionResult.completed(Map.of("ok", true));
        }
        String channel = request.string("channel", "");
        if (channel.isEmpty()) {
            throw ActionException.permanent("Name a channel (or give an incoming webhook URL)");
        }
        body.put("channel", channel);
        String thread = request.string("threadTs", "");
        if (!thread.isEmpty()) {
            body.put("thread_ts", thread);
        }
        Map<String, Object> answer = call(request, "POST", "chat.postMessage", body);
        return ActionResult.completed(Map.of("channel", answer.getOrDefault("channel", channel), "ts", answer.getOrDefault("ts", "")));
    }

    private ActionResult listChannels(ActionRequest request) throws ActionException {
        long limit = Math.max(1, Math.min(1000, (long) Double.parseDouble(request.string("limit", "100"))));
        StringBuilder query = new StringBuilder("?limit=" + limit + "&types=" + enc(request.string("types", "public_channel")));
        String cursor = request.string("cursor", "");
        if (!cursor.isEmpty()) {
            query.append("&cursor=").append(enc(cursor));
        }
        Map<String, Object> answer = call(request, "GET", "conversations.list" + query, null);
        Object metadata = answer.get("response_metadata");
        String next = metadata instanceof Map<?, ?> m && m.get("next_cursor") != null ? m.get("next_cursor").toString() : "";
        return ActionResult.completed(Map.of("channels", answer.getOrDefault("channels", List.of()), "nextCursor", next));
    }

    private Map<String, Object> call(ActionRequest request, String method, String path, Object body) throws ActionException {
        String token = request.credentials() == null ? null : request.credentials().secret().orElse(null);
        if (token == null) {
            throw ActionException.permanent("Choose a Slack connection for this step");
        }
        var response = JsonApi.send("Slack", method, URI.create(baseUrl + "/" + path), Map.of("Authorization", "Bearer " + token),
                body, false, request.timeout());
        Map<String, Object> answer = response.object();
        if (!Boolean.TRUE.equals(answer.get("ok"))) {
            String error = String.valueOf(answer.getOrDefault("error", "unknown_error"));
            if (AUTH_ERRORS.contains(error)) {
                throw ActionException.unauthorized("Slack rejected the connection: " + error);
            }
            if (error.equals("ratelimited")) {
                throw ActionException.rateLimited("Slack rate limit: " + error, null);
            }
            throw ActionException.permanent("Slack: " + error);
        }
        return answer;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
