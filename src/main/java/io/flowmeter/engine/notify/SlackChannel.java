package io.flowmeter.engine.notify;

import io.flowmeter.connection.Connections;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ConnectorRegistry;
import io.flowmeter.connector.spi.Credentials;
import io.flowmeter.connector.spi.Redactor;
import io.flowmeter.connector.spi.StepContext;
import io.flowmeter.connector.spi.StepLogger;
import io.flowmeter.tenancy.TenantContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.UUID;

/**
 * Failure notifications in Slack: Slack's own connector posts the message (chat.postMessage) with the chosen
 * connection's credentials, as a step would, once. Whatever Slack or the connection answers is cleared of the
 * connection's secrets before it is recorded.
 */
@Component
class SlackChannel {

    static final String ACTION = "slack.postMessage";
    private static final StepLogger QUIET = new StepLogger() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }
    };

    private final ConnectorRegistry connectors;
    private final Connections connections;
    private final NotificationProperties properties;

    SlackChannel(ConnectorRegistry connectors, Connections connections, NotificationProperties properties) {
        this.connectors = connectors;
        this.connections = connections;
        this.properties = properties;
    }

    /**
     * Posts {@code message} to {@code channel} through the connection (null: it was deleted since the settings were
     * saved); {@code key} identifies this message (the claim) to the connector.
     */
    Delivery deliver(@Nullable UUID connectionId, String channel, FailureMessage message, UUID key) {
        String where = "Slack " + channel;
        var action = connectors.resolve(ACTION).orElse(null);
        if (action == null) {
            return Delivery.failed(where + ": not posted, Slack's connector is not installed", false);
        }
        String deleted = where + ": not posted, its Slack connection was deleted; choose another in the notification settings";
        if (connectionId == null) {
            return Delivery.failed(deleted, false);
        }
        Credentials credentials;
        try {
            credentials = connections.credentials(connectionId).orElse(null);
        } catch (ActionException e) {
            return Delivery.failed(where + ": not posted, " + e.getMessage(), e.retryable());
        }
        if (credentials == null) {
            return Delivery.failed(deleted, false);
        }
        Redactor redactor = Redactor.none().and(credentials);
        Map<String, Object> params = Map.of("channel", channel, "text", message.slackText());
        StepContext context = context(message, key);
        try {
            try {
                action.connector().execute(action.action().key(), request(params, credentials, key, context));
            } catch (ActionException e) {
                if (!e.unauthorized() || !credentials.refreshable()) {
                    throw e;
                }
                // Slack refused an OAuth2 token it should have accepted: refresh it once, as a step would
                Credentials refreshed = connections.refreshed(connectionId, credentials);
                redactor = redactor.and(refreshed);
                action.connector().execute(action.action().key(), request(params, refreshed, key, context));
            }
            return Delivery.delivered(where + ": posted");
        } catch (ActionException e) {
            return Delivery.failed(where + ": not posted, " + redactor.redact(String.valueOf(e.getMessage())), e.retryable());
        } catch (RuntimeException e) {
            return Delivery.failed(where + ": not posted, unexpected error: " + redactor.redact(String.valueOf(e)), false);
        }
    }

    private ActionRequest request(Map<String, Object> params, Credentials credentials, UUID key, StepContext context) {
        return new ActionRequest(params, credentials, "notification-" + key, QUIET, properties.sendTimeout(), context);
    }

    private static StepContext context(FailureMessage message, UUID key) {
        UUID tenant = TenantContext.requireTenant();
        return new StepContext() {
            @Override
            public UUID tenantId() {
                return tenant;
            }

            @Override
            public UUID runId() {
                return message.latestRunId() == null ? key : message.latestRunId();
            }

            @Override
            public String nodeId() {
                return "failure-notification";
            }

            @Override
            public int attempt() {
                return 1;
            }

            @Override
            public UUID startChildRun(UUID workflowId, Map<String, Object> input) throws ActionException {
                throw ActionException.permanent("A notification starts no runs");
            }
        };
    }
}
