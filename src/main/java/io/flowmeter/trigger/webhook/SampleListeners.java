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
        listener.onSample().accept(withoutCredentials(input));
        return true;
    }

    boolean listening(UUID workflowId) {
        return Optional.ofNullable(listeners.get(workflowId)).filter(l -> l.until().isAfter(Instant.now())).isPresent();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutCredentials(Map<String, Object> input) {
        Map<String, Object> copy = new LinkedHashMap<>(input);
        if (copy.get("headers") instanceof Map<?, ?> headers) {
            Map<String, Object> kept = new LinkedHashMap<>();
            ((Map<String, Object>) headers).forEach((name, value) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                boolean secret = lower.equals("authorization") || lower.equals("proxy-authorization") || lower.equals("cookie")
                        || lower.contains("signature") || lower.contains("token") || lower.contains("secret") || lower.contains("api-key");
                if (!secret) {
                    kept.put(name, value);
                }
            });
            copy.put("headers", kept);
        }
        return copy;
    }
}
