package io.flowmeter.connector.discord;

import io.flowmeter.connector.http.JsonApi;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.OutputField;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Discord: posts a message through a channel's webhook ({@code ?wait=true}, so the message comes back). */
@Component
public class DiscordConnector implements Connector {

    @Override
    public String key() {
        return "discord";
    }

    @Override
    public String displayName() {
        return "Discord";
    }

    @Override
    public String icon() {
        return "vaadin:comments-o";
    }

    @Override
    public String description() {
        return "Messages to Discord channels";
    }

    @Override
    public List<ActionDefinition> actions() {
        return List.of(new ActionDefinition("postMessage", "Post a message", "Posts through a channel webhook", List.of(
                ParamSpec.required("webhookUrl", ParamType.STRING, "The channel's webhook URL (Channel settings > Integrations)"),
                ParamSpec.required("content", ParamType.TEXT, "The message, up to 2000 characters"),
                ParamSpec.optional("username", ParamType.STRING, "Post as this name", null)), false)
                .withHelp("Posts through a channel's webhook URL, no connection needed, and gets the message back. The content has "
                        + "1 to 2000 characters; rate limits and 5xx are retried.")
                .withAuthKinds("none")
                .withExample(Map.of("webhookUrl", "https://discord.com/api/webhooks/1189391450112344064/x7Yk2bQpR4", "content", "Build green",
                        "username", "Flowmeter"))
                .withOutputs(OutputField.string("id", "The message's id"), OutputField.string("channelId", "The channel's id"))
                .withSample(Map.of("id", "1189391529873559592", "channelId", "1189391372264878201")));
    }

    @Override
    public ActionResult execute(String action, ActionRequest request) throws ActionException {
        if (!action.equals("postMessage")) {
            throw ActionException.permanent("Unknown action discord." + action);
        }
        String url = request.string("webhookUrl", "");
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw ActionException.permanent("The webhook URL must be an http(s) URL");
        }
        String content = request.string("content", "");
        if (content.isEmpty() || content.length() > 2000) {
            throw ActionException.permanent("Discord messages have 1 to 2000 characters");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content", content);
        String username = request.string("username", "");
        if (!username.isEmpty()) {
            body.put("username", username);
        }
        var response = JsonApi.send("Discord", "POST", URI.create(url + (url.contains("?") ? "&" : "?") + "wait=true"), Map.of(),
                body, false, request.timeout());
        Map<String, Object> message = response.object();
        return ActionResult.completed(Map.of("id", message.getOrDefault("id", ""), "channelId", message.getOrDefault("channel_id", "")));
    }
}
