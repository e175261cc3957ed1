package io.flowmeter.connector.spi;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    static final String TOKEN = "s3cr3t/t+ken=\"q\"";

    final Redactor bearer = Redactor.none().and(new Credentials("CRM", Map.of("token", TOKEN), false));

    @Test
    void replacesTheValueInEveryFormItTravelsIn() {
        String base64 = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
        String url = URLEncoder.encode(TOKEN, StandardCharsets.UTF_8);
        String json = TOKEN.replace("\"", "\\\"");
        String jsonSlashes = TOKEN.replace("/", "\\/").replace("\"", "\\\"");
        for (String form : List.of("Bearer " + TOKEN, base64, url, json, jsonSlashes)) {
            assertThat(bearer.redact("echo: " + form + "!")).as(form).isEqualTo("echo: " + (form.startsWith("Bearer ") ? "Bearer " : "") + "[redacted:CRM]!");
        }
    }

    @Test
    void basicCredentialsAreRedactedAsTheirHeaderValue() {
        Redactor basic = Redactor.none().and(new Credentials("Shop", Map.of("username", "robot", "password", "hunter22"), false));
        String header = "Basic " + Base64.getEncoder().encodeToString("robot:hunter22".getBytes(StandardCharsets.UTF_8));
        assertThat(basic.redact(header)).isEqualTo("Basic [redacted:Shop]");
        assertThat(basic.redact("user robot, password hunter22")).as("the user name is not a secret").isEqualTo("user robot, password [redacted:Shop]");
    }

    @Test
    void walksMapsListsAndKeysLeavingOtherValuesAlone() {
        Object value = Map.of("headers", Map.of("Authorization", "Bearer " + TOKEN), TOKEN, List.of(1, true, TOKEN), "n", 5);
        assertThat(bearer.redactValue(value)).isEqualTo(Map.of("headers", Map.of("Authorization", "Bearer [redacted:CRM]"),
                "[redacted:CRM]", List.of(1, true, "[redacted:CRM]"), "n", 5));
    }

    @Test
    void shortValuesAndFieldsThatAreNotSecretsAreLeftAlone() {
        Redactor redactor = Redactor.none().and(new Credentials("Api", Map.of("headerName", "X-Api-Key", "headerValue", "abc"), false));
        assertThat(redactor.isEmpty()).isTrue();
        assertThat(redactor.redact("X-Api-Key: abc")).isEqualTo("X-Api-Key: abc");
    }

    @Test
    void aRefreshedTokenIsRedactedBesideTheOldOne() {
        Redactor both = bearer.and(new Credentials("CRM", Map.of("accessToken", "fresh-token-123"), true));
        assertThat(both.redact(TOKEN + " then fresh-token-123")).isEqualTo("[redacted:CRM] then [redacted:CRM]");
    }

    @Test
    void theStartOfASecretLeftWhereAMessageWasClippedGoesToo() {
        Redactor redactor = Redactor.none().and(new Credentials("GitHub", Map.of("token", "ghp_0123456789abcdefghij"), false));
        assertThat(redactor.redact("HTTP 400: you sent Bearer ghp_01234567…")).isEqualTo("HTTP 400: you sent Bearer [redacted:GitHub]…");
        assertThat(redactor.redact("sent ghp_0123456789")).isEqualTo("sent [redacted:GitHub]");
        assertThat(redactor.redact("a ghp_012 b…")).as("too short to tell").isEqualTo("a ghp_012 b…");
    }
}
