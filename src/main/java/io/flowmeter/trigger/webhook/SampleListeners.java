package io.flowmeter.trigger.webhook;

import io.flowmeter.workflow.WebhookSamples;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Builders waiting for a test request, by workflow. Kept in memory on the node the builder's session is on (a test
 * request reaching another node of a cluster is answered "nobody is listening"); at most one listener per workflow,
 * the latest wins. Credentials in the captured request's headers are dropped: the sample is stored in the draft.
 */
@Component
class SampleListeners implements WebhookSamples {

    private record Listener(Instant until, Consumer<Map<String, Object>> onSample) {
    }

    private final Map<UUID, Listener> listeners = new ConcurrentHashMap<>();
    private final WebhookService webhooks;

    SampleListeners(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public String testAddress(UUID workflowId) {
        return webhooks.hook(workflowId).url() + "/test";
    }

    @Override
    public AutoCloseable listen(UUID workflowId, Duration timeout, Consumer<Map<String, Object>> onSample) {
        var listener = new Listener(Instant.now().plus(timeout), onSample);
        listeners.put(workflowId, listener);
        return () -> listeners.remove(workflowId, listener);
    }

    /** Hands a captured request to the workflow's listener, if one is waiting; false when nobody is. */
    boolean capture(UUID workflowId, Map<String, Object> input) {
        Listener listener = listeners.get(workflowId);
        if (listener == null || listener.until().isBefore(Instant.now()) || !listeners.remove(workflowId, listener)) {
            return false;
        }
        try {
            listener.onSample().accept(withoutCredentials(input));
            return true;
        } catch (RuntimeException e) {
            return false; // the builder's page went away meanwhile
        }
    }

    boolean listening(UUID workflowId) {
        return Optional.ofNullable(listeners.get(workflowId)).filter(l -> l.until().isAfter(Instant.now())).isPresent();
    }

    /** Headers and query parameters that carry credentials are dropped (the body is kept: it is the sample's point). */
    static Map<String, Object> withoutCredentials(Map<String, Object> input) {
        Map<String, Object> copy = new LinkedHashMap<>(input);
        for (String part : new String[]{"headers", "query"}) {
            if (copy.get(part) instanceof Map<?, ?> values) {
                Map<String, Object> kept = new LinkedHashMap<>();
                values.forEach((name, value) -> {
                    if (!secretName(String.valueOf(name))) {
                        kept.put(String.valueOf(name), value);
                    }
                });
                copy.put(part, kept);
            }
        }
        return copy;
    }

    static boolean secretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("authorization") || lower.equals("proxy-authorization") || lower.equals("cookie") || lower.equals("key")
                || lower.contains("signature") || lower.contains("token") || lower.contains("secret") || lower.contains("api-key")
                || lower.contains("apikey") || lower.contains("api_key") || lower.contains("password") || lower.contains("auth");
    }
}
