package io.flowmeter.workflow;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * "Listen for a test request" in the builder: the next request sent to a workflow's test address becomes its
 * sample input instead of starting a run. The trigger module implements it.
 */
public interface WebhookSamples {

    /** Where to send the test request: the webhook address with {@code /test} appended. */
    String testAddress(UUID workflowId);

    /**
     * Until {@code timeout} passes or the returned handle is closed, the next request to the test address is handed
     * to {@code onSample} (as a run would see it: method, query, headers without credentials, body) and answered 200.
     */
    AutoCloseable listen(UUID workflowId, Duration timeout, Consumer<Map<String, Object>> onSample);
}
