/**
 * The {@code llm} connector: chat with any OpenAI-compatible chat-completions endpoint (the base URL is a
 * parameter, so local and open models work) or Anthropic's Messages API. Every output names the model and its
 * input and output token counts, so the cost of a run can be priced.
 */
@NullMarked
package io.flowmeter.connector.llm;

import org.jspecify.annotations.NullMarked;
