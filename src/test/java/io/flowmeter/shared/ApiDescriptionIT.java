package io.flowmeter.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description is generated from the controllers and checked against them, so it cannot drift: every
 * REST endpoint of the running app is in it with its method, every operation describes its problem answers, and it
 * and its browsable page are open without an API key.
 */
class ApiDescriptionIT extends IntegrationTest {

    @LocalServerPort int port;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode description() throws Exception {
        var response = get("/api/v1/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "openapi.json"), response.body()); // to read, and for the README's link
        return json.readTree(response.body());
    }

    @Test
    void everyRestEndpointOfTheAppIsDescribedWithItsMethod() throws Exception {
        JsonNode paths = description().get("paths");
        List<String> missing = new ArrayList<>();
        int endpoints = 0;
        for (var entry : mappings.getHandlerMethods().entrySet()) {
            Set<String> patterns = entry.getKey().getPatternValues();
            if (entry.getValue().getBeanType() == ApiFallbackController.class
                    || entry.getValue().hasMethodAnnotation(io.swagger.v3.oas.annotations.Hidden.class)) {
                continue; // the catch-alls that answer unknown paths with a 404 problem
            }
            for (String pattern : patterns) {
                if (!pattern.startsWith("/api/v1/") || pattern.startsWith("/api/v1/openapi.json")) {
                    if (!pattern.startsWith("/hooks/")) {
                        continue;
                    }
                }
                Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    endpoints++;
                    JsonNode item = paths.get(pattern);
                    if (item == null || item.get(method.name().toLowerCase(Locale.ROOT)) == null) {
                        missing.add(method + " " + pattern);
                    }
                }
            }
        }
        assertThat(endpoints).as("REST endpoints found in the app").isGreaterThan(50);
        assertThat(missing).as("endpoints the description lacks").isEmpty();
        assertThat(paths.get("/api/v1/workflows/{workflowId}/runs").get("post").get("responses").has("202")).isTrue();
        assertThat(paths.get("/api/v1/audit").get("get").get("parameters")).extracting(p -> p.get("name").asText())
                .contains("from", "to", "action", "actor", "object", "cursor", "limit");
    }

    @Test
    void everyOperationDescribesItsProblemAnswersAndHowToAuthenticate() throws Exception {
        JsonNode api = description();
        assertThat(api.get("openapi").asText()).startsWith("3.");
        assertThat(api.get("components").get("securitySchemes").get("apiKey").get("scheme").asText()).isEqualTo("bearer");
        assertThat(api.get("components").get("schemas").get("Problem").get("properties").has("detail")).isTrue();
        int operations = 0;
        for (var path : (Iterable<java.util.Map.Entry<String, JsonNode>>) () -> api.get("paths").fields()) {
            for (var operation : (Iterable<java.util.Map.Entry<String, JsonNode>>) () -> path.getValue().fields()) {
                operations++;
                JsonNode responses = operation.getValue().get("responses");
                for (String status : List.of("400", "401", "404", "503")) {
                    assertThat(responses.get(status)).as(operation.getKey() + " " + path.getKey() + " " + status).isNotNull();
                    assertThat(responses.get(status).get("content").get("application/problem+json").get("schema").get("$ref").asText())
                            .endsWith("/Problem");
                }
                if (path.getKey().startsWith("/hooks/")) {
                    assertThat(operation.getValue().get("security")).as("webhooks need no API key").isEmpty();
                }
            }
        }
        assertThat(operations).isGreaterThan(50);
    }

    @Test
    void theBrowsablePageOpensWithoutSigningIn() throws Exception {
        var page = get("/swagger-ui/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        var config = get("/api/v1/openapi.json/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("/api/v1/openapi.json");
        // the API itself still needs a key
        assertThat(get("/api/v1/tenant").statusCode()).isEqualTo(401);
    }
}
