package io.flowmeter.identity.service;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Outgoing mail (SMTP). An empty host means no mail is sent: invite links are shown to copy instead, and "forgot
 * password" is not offered.
 */
@ConfigurationProperties("flowmeter.mail")
public record MailProperties(String host, int port, String username, String password, boolean starttls, String from) {

    public boolean isConfigured() {
        return host != null && !host.isBlank();
    }
}
