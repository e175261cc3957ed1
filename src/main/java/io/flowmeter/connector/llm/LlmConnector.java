package io.flowmeter.connector.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.connector.http.JsonApi;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.OutputField;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Large language models: any OpenAI-compatible chat-completions endpoint (the base URL is a parameter, so local and
 * open models work) and Anthropic's Messages API. Every output names the model and the input and output token
 * counts, so the cost of a run can be priced; with {@code json}, the answer must parse as JSON.
 */
@Component
public class LlmConnector implements Connector {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What both actions output. */
    private static final OutputField[] OUTPUTS = {
            OutputField.string("text", "The answer"),
            OutputField.any("json", "With json: the answer parsed"),
            OutputField.string("model", "The model that answered, as the API names it"),
            OutputField.number("inputTokens", "Tokens in the prompt"),
            OutputField.number("outputTokens", "Tokens in the answer"),
            OutputField.string("finishReason", "Why the answer ended, e.g. stop, length, end_turn")};

    private final String openAiBaseUrl;
    private final String anthropicBaseUrl;

    public LlmConnector(@Value("${flowmeter.connectors.openai.base-url:https://api.openai.com/v1}") String openAiBaseUrl,
                        @Value("${flowmeter.connectors.anthropic.base-url:https://api.anthropic.com/v1}") String anthropicBaseUrl) {
        this.openAiBaseUrl = openAiBaseUrl.replaceAll("/+$", "");
        this.anthropicBaseUrl = anthropicBaseUrl.replaceAll("/+$", "");
    }

    @Override
    public String key() {
        return "llm";
    }

    @Override
    public String displayName() {
        return "AI (LLM)";
    }

    @Override
    public String icon() {
        return "vaadin:lightbulb";
    }

    @Override
    public String description() {
        return "AI models (OpenAI-compatible, Anthropic)";
    }

    @Override
    public List<ActionDefinition> actions() {
        List<ParamSpec> common = List.of(
                ParamSpec.required("model", ParamType.STRING, "Model name, e.g. gpt-4o-mini or claude-sonnet-4-5"),
                ParamSpec.optional("prompt", ParamType.TEXT, "The user message", null),
                ParamSpec.optional("messages", ParamType.JSON, "Or the whole conversation: [{\"role\": \"user\", \"content\": \"...\"}]", null),
                ParamSpec.optional("system", ParamType.TEXT, "System instructions", null),
                ParamSpec.optional("maxTokens", ParamType.NUMBER, "Longest answer in tokens", 1024),
                ParamSpec.optional("temperature", ParamType.NUMBER, "0 (focused) to 1 (varied)", null),
                ParamSpec.optional("json", ParamType.BOOLEAN, "Ask for a JSON answer and parse it into output.json", false));
        List<ParamSpec> openAi = new ArrayList<>(common);
        openAi.add(ParamSpec.optional("baseUrl", ParamType.STRING, "An OpenAI-compatible API, e.g. http://localhost:11434/v1", null));
        return List.of(new ActionDefinition("chat", "Chat completion (OpenAI-compatible)", "Asks a model through /chat/completions", openAi, false)
                        .withHelp("Asks a model through any OpenAI-compatible /chat/completions API: OpenAI, or with baseUrl a local "
                                + "Ollama, vLLM, ... (no connection needed there). With json the answer is parsed into output.json, code "
                                + "fences tolerated; 429 and 5xx are retried.")
                        .withAuthKinds("bearer", "none")
                        .withExample(Map.of("model", "gpt-4o-mini", "system", "Classify the sentiment as positive, neutral or negative. "
                                + "Answer as {\"sentiment\": ...}.", "prompt", "{{trigger.body.review}}", "json", true, "temperature", 0))
                        .withOutputs(OUTPUTS)
                        .withSample(Map.of("text", "{\"sentiment\": \"positive\"}", "json", Map.of("sentiment", "positive"),
                                "model", "gpt-4o-mini-2024-07-18", "inputTokens", 19L, "outputTokens", 10L, "finishReason", "stop")),
                new ActionDefinition("anthropic", "Anthropic Messages", "Asks a Claude model through /v1/messages", common, false)
                        .withHelp("Asks a Claude model through Anthropic's Messages API (x-api-key, anthropic-version 2023-06-01), with "
                                + "the parameters and output of chat; with json the model is told to answer with JSON only. 429, 5xx and "
                                + "overloaded answers are retried.")
                        .withAuthKinds("api_key", "bearer")
                        .withExample(Map.of("model", "claude-sonnet-4-5", "system", "Extract the invoice number and the total.",
                                "prompt", "{{trigger.body.text}}", "json", true, "maxTokens", 1024))
                        .withOutputs(OUTPUTS)
                        .withSample(Map.of("text", "{\"invoice\": \"INV-2026-0042\", \"total\": 1250.5}",
                                "json", Map.of("invoice", "INV-2026-0042", "total", 1250.5), "model", "claude-sonnet-4-5-20250929",
                                "inputTokens", 412L, "outputTokens", 24L, "finishReason", "end_turn")));
    }


    @Override
    public ActionResult execute(String action, ActionRequest request) throws ActionException {
        String key = request.credentials() == null ? null : request.credentials().secret().orElse(null);
        List<Map<String, Object>> messages = messages(request);
        boolean json = Boolean.parseBoolean(request.string("json", "false"));
        String model = request.string("model", "");
        if (model.isEmpty()) {
            throw ActionException.permanent("Name the model");
        }
        long maxTokens = (long) Double.parseDouble(request.string("maxTokens", "1024"));
        Object temperature = request.param("temperature");
        return switch (action) {
            case "chat" -> chat(request, key, model, messages, json, maxTokens, temperature);
            case "anthropic" -> anthropic(request, key, model, messages, json, maxTokens, temperature);
            default -> throw ActionException.permanent("Unknown action llm." + action);
        };
    }

    private ActionResult chat(ActionRequest request, @Nullable String key, String model, List<Map<String, Object>> messages, boolean json,
                              long maxTokens, @Nullable Object temperature) throws ActionException {
        List<Map<String, Object>> all = new ArrayList<>();
        String system = request.string("system", "");
        if (!system.isEmpty()) {
            all.add(Map.of("role", "system", "content", system));
        }
        all.addAll(messages);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", all);
        body.put("max_tokens", maxTokens);
        if (temperature != null) {
            body.put("temperature", Double.parseDouble(temperature.toString()));
        }
        if (json) {
            body.put("response_format", Map.of("type", "json_object"));
        }
        String base = request.string("baseUrl", openAiBaseUrl).replaceAll("/+$", "");
        Map<String, String> headers = key == null ? Map.of() : Map.of("Authorization", "Bearer " + key);
        Map<String, Object> answer = JsonApi.send("The model API", "POST", URI.create(base + "/chat/completions"), headers, body, false,
                request.timeout()).object();
        Map<String, Object> choice = first(answer.get("choices"));
        Map<String, Object> message = choice.get("message") instanceof Map<?, ?> m ? cast(m) : Map.of();
        Map<String, Object> usage = answer.get("usage") instanceof Map<?, ?> u ? cast(u) : Map.of();
        return output(String.valueOf(message.getOrDefault("content", "")), json, String.valueOf(answer.getOrDefault("model", model)),
                usage.get("prompt_tokens"), usage.get("completion_tokens"), choice.get("finish_reason"));
    }

    private ActionResult anthropic(ActionRequest request, @Nullable String key, String model, List<Map<String, Object>> messages,
                                   boolean json, long maxTokens, @Nullable Object temperature) throws ActionException {
        if (key == null) {
            throw ActionException.permanent("Choose an Anthropic connection (API key) for this step");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("max_tokens", maxTokens);
        String system = request.string("system", "");
        if (json) {
            system = (system.isEmpty() ? "" : system + "\n\n") + "Answer with one JSON value only, no prose.";
        }
        if (!system.isEmpty()) {
            body.put("system", system);
        }
        body.put("messages", messages);
        if (temperature != null) {
            body.put("temperature", Double.parseDouble(temperature.toString()));
        }
        Map<String, Object> answer = JsonApi.send("Anthropic", "POST", URI.create(anthropicBaseUrl + "/messages"),
                Map.of("x-api-key", key, "anthropic-version", "2023-06-01"), body, false, request.timeout()).object();
        StringBuilder text = new StringBuilder();
        if (answer.get("content") instanceof List<?> parts) {
            for (Object part : parts) {
                if (part instanceof Map<?, ?> p && "text".equals(p.get("type"))) {
                    text.append(p.get("text"));
                }
            }
        }
        Map<String, Object> usage = answer.get("usage") instanceof Map<?, ?> u ? cast(u) : Map.of();
        return output(text.toString(), json, String.valueOf(answer.getOrDefault("model", model)), usage.get("input_tokens"),
                usage.get("output_tokens"), answer.get("stop_reason"));
    }

    private static ActionResult output(String text, boolean json, String model, @Nullable Object inputTokens, @Nullable Object outputTokens,
                                       @Nullable Object finish) throws ActionException {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("text", text);
        if (json) {
            try {
                output.put("json", JSON.readValue(stripFence(text), Object.class));
            } catch (JsonProcessingException e) {
                throw ActionException.permanent("The model did not answer with valid JSON: " + e.getOriginalMessage());
            }
        }
        output.put("model", model);
        output.put("inputTokens", inputTokens instanceof Number n ? n.longValue() : 0L);
        output.put("outputTokens", outputTokens instanceof Number n ? n.longValue() : 0L);
        output.put("finishReason", finish == null ? null : finish.toString());
        return ActionResult.completed(output);
    }

    /** Models like to wrap JSON in a Markdown code fence. */
    static String stripFence(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("```")) {
            int firstLine = trimmed.indexOf('\n');
            int end = trimmed.lastIndexOf("```");
            if (firstLine > 0 && end > firstLine) {
                return trimmed.substring(firstLine + 1, end).strip();
            }
        }
        return trimmed;
    }

    private static List<Map<String, Object>> messages(ActionRequest request) throws ActionException {
        List<Map<String, Object>> messages = new ArrayList<>();
        if (request.param("messages") instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> m) || m.get("role") == null || m.get("content") == null) {
                    throw ActionException.permanent("Each message needs a role and content");
                }
                messages.add(cast(m));
            }
        }
        String prompt = request.string("prompt", "");
        if (!prompt.isEmpty()) {
            messages.add(Map.of("role", "user", "content", prompt));
        }
        if (messages.isEmpty()) {
            throw ActionException.permanent("Give a prompt or messages");
        }
        return messages;
    }

    private static Map<String, Object> first(@Nullable Object choices) throws ActionException {
        if (choices instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> m) {
            return cast(m);
        }
        throw ActionException.permanent("The model API answered without choices");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
