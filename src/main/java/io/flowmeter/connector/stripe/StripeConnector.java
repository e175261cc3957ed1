package io.flowmeter.connector.stripe;

import io.flowmeter.connector.http.JsonApi;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.OutputField;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Stripe: retrieve a customer or a payment intent with a secret-key connection (bearer). Its webhooks arrive
 * through a webhook trigger with the {@code stripe} signature scheme.
 */
@Component
public class StripeConnector implements Connector {

    private final String baseUrl;

    public StripeConnector(@Value("${flowmeter.connectors.stripe.base-url:https://api.stripe.com}") String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    @Override
    public String key() {
        return "stripe";
    }

    @Override
    public String displayName() {
        return "Stripe";
    }

    @Override
    public String icon() {
        return "vaadin:credit-card";
    }

    @Override
    public String description() {
        return "Stripe customers and payments";
    }

    @Override
    public List<ActionDefinition> actions() {
        return List.of(
                new ActionDefinition("retrieveCustomer", "Retrieve a customer", "Reads a customer by id", List.of(
                        ParamSpec.required("customerId", ParamType.STRING, "e.g. cus_NffrFeUfNV2Hib")), false)
                        .withHelp("Reads a customer by its id (cus_...) with a bearer connection holding the secret key; the output is "
                                + "Stripe's customer object. Rate limits and 5xx are retried, other refusals fail with Stripe's message.")
                        .withAuthKinds("bearer")
                        .withExample(Map.of("customerId", "cus_NffrFeUfNV2Hib"))
                        .withOutputs(OutputField.string("id", "The customer's id"),
                                OutputField.string("email", "Their email"),
                                OutputField.string("name", "Their name"),
                                OutputField.number("created", "When it was created (Unix seconds)"),
                                OutputField.object("metadata", "Your key-value pairs"))
                        .withSample(Map.of("id", "cus_NffrFeUfNV2Hib", "object", "customer", "email", "jennyrosen@example.com",
                                "name", "Jenny Rosen", "created", 1680893993, "livemode", false, "metadata", Map.of())),
                new ActionDefinition("retrievePayment", "Retrieve a payment", "Reads a payment intent by id", List.of(
                        ParamSpec.required("paymentIntentId", ParamType.STRING, "e.g. pi_3MtwBwLkdIwHu7ix28a3tqPa")), false)
                        .withHelp("Reads a payment intent by its id (pi_...) with a bearer connection holding the secret key; the output "
                                + "is Stripe's payment intent object, amount in the currency's smallest unit.")
                        .withAuthKinds("bearer")
                        .withExample(Map.of("paymentIntentId", "pi_3MtwBwLkdIwHu7ix28a3tqPa"))
                        .withOutputs(OutputField.string("id", "The payment intent's id"),
                                OutputField.number("amount", "The amount in the smallest unit (cents)"),
                                OutputField.string("currency", "Three-letter ISO code, lower case"),
                                OutputField.string("status", "e.g. succeeded, processing, requires_payment_method"),
                                OutputField.string("customer", "The customer's id"),
                                OutputField.object("metadata", "Your key-value pairs"))
                        .withSample(Map.of("id", "pi_3MtwBwLkdIwHu7ix28a3tqPa", "object", "payment_intent", "amount", 2000,
                                "currency", "usd", "status", "succeeded", "customer", "cus_NffrFeUfNV2Hib", "created", 1680800504,
                                "livemode", false, "metadata", Map.of())));
    }

    @Override
    public ActionResult execute(String action, ActionRequest request) throws ActionException {
        String path = switch (action) {
            case "retrieveCustomer" -> "/v1/customers/" + id(request, "customerId", "cus_");
            case "retrievePayment" -> "/v1/payment_intents/" + id(request, "paymentIntentId", "pi_");
            default -> throw ActionException.permanent("Unknown action stripe." + action);
        };
        String key = request.credentials() == null ? null : request.credentials().secret().orElse(null);
        if (key == null) {
            throw ActionException.permanent("Choose a Stripe connection (a bearer token with the secret key) for this step");
        }
        return ActionResult.completed(JsonApi.send("Stripe", "GET", URI.create(baseUrl + path), Map.of("Authorization", "Bearer " + key),
                null, false, request.timeout()).body());
    }

    private static String id(ActionRequest request, String name, String prefix) throws ActionException {
        String value = request.string(name, "");
        if (!value.startsWith(prefix) || !value.matches("[A-Za-z0-9_]{4,255}")) {
            throw ActionException.permanent("'" + name + "' must be a Stripe id starting with " + prefix);
        }
        return value;
    }
}
