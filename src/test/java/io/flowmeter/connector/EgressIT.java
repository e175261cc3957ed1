package io.flowmeter.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowmeter.support.ApiClient;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant-controlled URLs do not reach the platform's own network: an HTTP step to the cloud metadata address and a
 * connection test against a private address are refused with a clear reason, without retries. (The tests allow
 * loopback, where the stand-ins for vendor APIs listen, through FLOWMETER_EGRESS_ALLOW.)
 */
class EgressIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;

    ApiClient api;
    String key;

    @BeforeEach
    void setUp() {
        key = data.apiKeyFor(data.newTenant("egress"));
        api = new ApiClient(port);
    }

    @Test
    void anHttpStepToTheMetadataAddressFailsAtOnce() throws Exception {
        JsonNode run = api.runOnce("""
                {"name": "Metadata", "nodes": [{"id": "start", "type": "trigger.manual"},
                  {"id": "call", "type": "http.request", "params": {"url": "http://169.254.169.254/latest/meta-data/"}}],
                 "edges": [{"from": "start", "to": "call"}]}
                """, key);
        assertThat(run.at("/run/status").asText()).isEqualTo("FAILED");
        assertThat(run.at("/run/error").asText()).contains("Calls to 169.254.169.254 are not allowed", "FLOWMETER_EGRESS_ALLOW")
                .doesNotContain("gave up");
    }

    @Test
    void aConnectionTestAgainstAPrivateAddressIsRefused() throws Exception {
        var created = api.call("POST", "/api/v1/connections", """
                {"connector": "http", "name": "Intranet", "authKind": "BEARER", "values": {"token": "abcdefgh"},
                 "testUrl": "http://10.11.12.13/admin"}
                """, key);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode result = api.body(api.call("POST", "/api/v1/connections/" + api.body(created).get("id").asText() + "/test", null, key));
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("message").asText()).contains("Calls to 10.11.12.13 are not allowed");
    }
}
