package io.flowmeter.shared;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3 description of the public REST API (springdoc, generated from the controllers, served at
 * {@code /api/v1/openapi.json}, browsable at {@code /swagger-ui/index.html}): what every API operation can answer
 * besides its result (the problem details of {@link ApiExceptionHandler} and the filters), and how to authenticate.
 * Webhook endpoints authenticate by their token and signature, not by an API key.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String PROBLEM = "Problem";
    static final String API_KEY = "apiKey";

    /** The refusals every operation may answer with, and when. */
    static final Map<String, String> PROBLEMS = problems();

    private static Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        problems.put("400", "Invalid input: malformed or over-deep JSON, a NUL character, a field or parameter out of range (`field` names it)");
        problems.put("401", "No API key, an unknown or revoked one (webhooks: a bad signature)");
        problems.put("403", "The organization is suspended, or the key may not do this");
        problems.put("404", "Not found: an unknown id, another organization's id, or an unknown path");
        problems.put("409", "Conflict: the state does not allow it (a quota used up, a run already finished, a draft changed meanwhile)");
        problems.put("413", "The body is larger than the endpoint accepts");
        problems.put("429", "Too many requests (webhooks over their rate limit)");
        problems.put("503", "The database cannot be reached; retry after the Retry-After header's seconds");
        return problems;
    }

    @Bean
    OpenAPI flowmeterOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Flowmeter REST API").version("v1")
                        .description("Workflows, runs, connections, ROI and the audit log of one organization, with a tenant API key "
                                + "(Settings > API keys): `Authorization: Bearer fmk_...`. Every refusal is a problem (application/problem+json)."))
                .components(new Components()
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("fmk_...").description("A tenant API key")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY));
    }

    /** RFC 7807 problem details, as every refusal answers. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 7807 problem details (application/problem+json)")
                .addProperty("type", new StringSchema().description("A stable URI naming the kind of problem, e.g. https://flowmeter.io/problems/invalid-input"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("What is wrong, for people"))
                .addProperty("instance", new StringSchema())
                .addProperty("field", new StringSchema().description("The input field or parameter at fault (invalid-input)"));
    }

    /**
     * Adds the problem schema (springdoc recomputes the schemas from the controllers' types) and the problem answers to
     * every operation, and takes the API key requirement off the webhook endpoints.
     */
    @Bean
    OpenApiCustomizer problemAnswers() {
        return api -> {
            api.getComponents().addSchemas(PROBLEM, problemSchema());
            api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
                if (path.startsWith("/hooks/")) {
                    operation.setSecurity(List.of());
                }
                if (operation.getTags() != null) {
                    operation.setTags(operation.getTags().stream().map(ApiDescription::tag).toList());
                }
                describeProblems(operation);
            }));
        };
    }

    /** "run-controller" becomes "Run": the page groups operations by what they are about, not by class. */
    static String tag(String tag) {
        String name = tag.endsWith("-controller") ? tag.substring(0, tag.length() - "-controller".length()) : tag;
        name = name.replace('-', ' ');
        return name.isEmpty() ? tag : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static void describeProblems(Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        // replaces what springdoc guessed from the exception handlers: their answers are problems, whatever the Accept
        PROBLEMS.forEach((status, description) -> responses.addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))))));
        operation.setResponses(responses);
    }
}
