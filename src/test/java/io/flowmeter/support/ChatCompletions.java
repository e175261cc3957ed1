package io.flowmeter.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The answer of OpenAI's POST /chat/completions as its API reference documents it, with a message of our choosing. */
public final class ChatCompletions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatCompletions() {
    }

    public static String answer(String content) {
        try {
            return """
                    {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion", "created": 1741569952,
                     "model": "gpt-4o-mini-2024-07-18",
                     "choices": [{"index": 0, "message": {"role": "assistant", "content": %s, "refusal": null, "annotations": []},
                                  "logprobs": null, "finish_reason": "stop"}],
                     "usage": {"prompt_tokens": 1117, "completion_tokens": 214, "total_tokens": 1331},
                     "service_tier": "default"}""".formatted(JSON.writeValueAsString(content));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
