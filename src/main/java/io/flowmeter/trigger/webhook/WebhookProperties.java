package io.flowmeter.trigger.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Webhook settings ({@code flowmeter.webhooks.*}, defaults in {@code application.yml}).
 *
 * @param tenantRatePerSecond         requests per second per organization (burst twice that); beyond it 429
 * @param runsPerSecondWhileIngesting while a burst lasts, the inbox starts runs at most this fast
 * @param replayWindow                how long an accepted delivery's id is remembered, so the same signed request
 *                                    is refused as a replay; for schemes without a timestamp (GitHub, generic HMAC)
 *                                    this is the only guard, and a timestamp is accepted for at most half of it
 */
@ConfigurationProperties("flowmeter.webhooks")
record WebhookProperties(long tenantRatePerSecond, int runsPerSecondWhileIngesting, Duration replayWindow) {

    WebhookProperties {
        if (replayWindow == null || replayWindow.toSeconds() < 2) {
            throw new IllegalArgumentException("flowmeter.webhooks.replay-window must be at least 2 seconds, e.g. 24h");
        }
    }
}
