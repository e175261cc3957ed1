package io.flowmeter.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.admin.service.PlatformAdminService;
import io.flowmeter.identity.domain.ApiKey;
import io.flowmeter.identity.service.ApiKeyService;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API over real HTTP: bearer API keys, and one problem-details shape for every refusal. */
class ApiKeyApiIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired TestData data;
    @Autowired ApiKeyService apiKeys;
    @Autowired PlatformAdminService admin;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    Owner owner;
    ApiKeyService.CreatedKey key;

    @BeforeEach
    void keyForANewTenant() {
        owner = data.newTenant("api");
        TestData.signInAs(owner);
        key = TenantContext.callAsTenant(owner.tenantId(), () -> apiKeys.create("CI pipeline"));
    }

    HttpResponse<String> get(String path, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode problem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asText()).endsWith("/" + type);
        assertThat(body.get("detail").asText()).isNotBlank();
        return body;
    }

    @Test
    void aValidKeyReachesItsOwnTenantAndRecordsUse() throws Exception {
        var response = get("/api/v1/tenant", "Bearer " + key.plaintext());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode tenant = json.readTree(response.body());
        assertThat(tenant.get("id").asText()).isEqualTo(owner.tenantId().toString());
        assertThat(tenant.get("plan").get("maxMembers").asInt()).isEqualTo(10);
        ApiKey stored = TenantContext.callAsTenant(owner.tenantId(), () -> apiKeys.list()).get(0);
        assertThat(stored.getLastUsedAt()).isNotNull();
        assertThat(stored.getKeyPrefix()).isEqualTo(key.plaintext().substring(0, 10));
        assertThat(response.body()).doesNotContain(key.plaintext());
    }

    @Test
    void missingUnknownMalformedAndRevokedKeysGet401Problems() throws Exception {
        problem(get("/api/v1/tenant", null), 401, "unauthenticated");
        problem(get("/api/v1/tenant", "Bearer fmk_unknownunknownunknownunknownunknown"), 401, "invalid-api-key");
        problem(get("/api/v1/tenant", "Bearer " + "x".repeat(5000)), 401, "invalid-api-key");
        problem(get("/api/v1/tenant", "Basic dXNlcjpwYXNz"), 401, "unauthenticated");

        TenantContext.runAsTenant(owner.tenantId(), () -> apiKeys.revoke(key.key().getId()));
        JsonNode revoked = problem(get("/api/v1/tenant", "Bearer " + key.plaintext()), 401, "revoked-api-key");
        assertThat(revoked.get("detail").asText()).contains("revoked");
    }

    @Test
    void aSuspendedTenantsKeysGet403AndWorkAgainAfterReactivation() throws Exception {
        TestData.signInAs(data.platformAdmin());
        admin.suspend(owner.tenantId());
        problem(get("/api/v1/tenant", "Bearer " + key.plaintext()), 403, "tenant-suspended");
        admin.reactivate(owner.tenantId());
        assertThat(get("/api/v1/tenant", "Bearer " + key.plaintext()).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownEndpointsAndMethodsAreProblemsToo() throws Exception {
        var notFound = get("/api/v1/no-such-thing", "Bearer " + key.plaintext());
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        var post = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tenant"))
                .header("Authorization", "Bearer " + key.plaintext()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isIn(404, 405);
        assertThat(post.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    }

    @Test
    void theDemoTenantHasTheConfiguredKey() throws Exception {
        var response = get("/api/v1/tenant", "Bearer fmk_test-demo-key-0123456789abcdef");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("slug").asText()).isEqualTo("demo");
    }

    @Test
    void healthIsPublicAndOtherActuatorEndpointsAreNot() throws Exception {
        var health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        var metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isIn(302, 401, 403);
        assertThat(metrics.body()).doesNotContain("jvm.memory");
    }
}
