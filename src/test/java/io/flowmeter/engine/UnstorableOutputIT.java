package io.flowmeter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.ReplayServer;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remote answers PostgreSQL cannot store as they are (NUL characters) or that could not be written back (nested
 * too deep) end a step cleanly: no wedged RUNNING step, no repeated calls.
 */
class UnstorableOutputIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;

    ReplayServer service;
    ApiClient api;
    String key;

    @BeforeEach
    void setUp() throws Exception {
        key = data.apiKeyFor(data.newTenant("unstorable"));
        api = new ApiClient(port);
        service = new ReplayServer();
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    JsonNode run() throws Exception {
        return api.runOnce("""
                {"name": "Fetch", "nodes": [{"id": "start", "type": "trigger.manual"},
                  {"id": "call", "type": "http.request", "params": {"url": "URL/thing"}, "retry": {"maxAttempts": 2, "initialDelayMs": 10}}],
                 "edges": [{"from": "start", "to": "call"}]}
                """.replace("URL", service.url()), key);
    }

    static JsonNode step(JsonNode run) {
        return ApiClient.step(run, "call");
    }

    @Test
    void nulCharactersInAnAnswerAreReplacedAndTheStepLogSaysSo() throws Exception {
        service.answerJson(200, "{\"name\": \"a\\u0000b\", \"k\\u0000\": [\"\\u0000\"]}");
        JsonNode run = run();
        assertThat(run.at("/run/status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonNode step = step(run);
        assertThat(step.at("/output/body/name").asText()).isEqualTo("a\uFFFDb");
        assertThat(step.at("/output/body").has("k\uFFFD")).isTrue();
        assertThat(step.toString()).contains("3 NUL characters");
        assertThat(service.requests()).hasSize(1);

        service.answer(new ReplayServer.Canned(200, "text/plain", "raw\u0000text", Map.of()));
        JsonNode text = run();
        assertThat(text.at("/run/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(step(text).at("/output/body").asText()).isEqualTo("raw\uFFFDtext");
    }

    @Test
    void anAnswerNestedTooDeeplyFailsTheStepOnceAndTheRunStaysReadable() throws Exception {
        service.answerJson(200, "[".repeat(900) + "]".repeat(900));
        JsonNode run = run();
        assertThat(run.at("/run/status").asText()).as(run.toString()).isEqualTo("FAILED");
        assertThat(step(run).get("error").asText()).contains("nested more than 200 levels deep");
        assertThat(service.requests()).as("not retried").hasSize(1);
    }
}
