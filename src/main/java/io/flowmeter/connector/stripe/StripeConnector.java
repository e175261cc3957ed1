package io.flowmeter.connector.stripe;

import io.flowmeter.connector.http.JsonApi;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
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
                        ParamSpec.required("customerId", ParamType.STRING, "e.g. cus_NffrFeUfNV2Hib")), false),
                new ActionDefinition("retrievePayment", "Retrieve a payment", "Reads a payment intent by id", List.of(
                        ParamSpec.required("paymentIntentId", ParamType.STRING, "e.g. pi_3MtwBwLkdIwHu7ix28a3tqPa")), false));
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
