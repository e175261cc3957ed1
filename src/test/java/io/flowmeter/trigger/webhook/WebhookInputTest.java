package io.flowmeter.trigger.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.shared.json.StrictJson;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A webhook request's run input: its shape, and the NUL characters it refuses. Tomcat already refuses a raw NUL in a
 * header or the request line (WebhooksIT), so the header check is shown here, as another container would hand it on.
 */
class WebhookInputTest {

    final WebhookInput inputs = new WebhookInput(new StrictJson(new ObjectMapper()));

    @Test
    void headersWithANulCharacterAreRefused() {
        var request = new MockHttpServletRequest("POST", "/hooks/wh_x");
        request.addHeader("X-Note", "a\u0000b");
        assertThatThrownBy(() -> WebhookInput.headers(request)).isInstanceOfSatisfying(WebhookService.Refused.class, refused -> {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.getMessage()).contains("NUL", "header");
        });
    }

    @Test
    void theInputKeepsTheQueryVisibleHeadersAndTheParsedBody() {
        var request = new MockHttpServletRequest("POST", "/hooks/wh_x");
        request.addHeader("X-Event", "order.paid");
        request.addHeader("Authorization", "Bearer sender-secret");
        Map<String, String> headers = WebhookInput.headers(request);
        Map<String, Object> input = inputs.of("POST", "tag=a&tag=b", headers, "application/json",
                "{\"id\": 42}".getBytes(StandardCharsets.UTF_8));
        assertThat(input).containsEntry("method", "POST").containsEntry("query", Map.of("tag", java.util.List.of("a", "b")))
                .containsEntry("headers", Map.of("x-event", "order.paid")).containsEntry("body", Map.of("id", 42));
    }
}
