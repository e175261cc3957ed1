package io.flowmeter.connection.domain;

import java.util.List;

/** How a connection authenticates, and the secret fields each kind needs. */
public enum AuthKind {
    OAUTH2(List.of()),
    API_KEY(List.of("headerName", "headerValue")),
    BASIC(List.of("username", "password")),
    BEARER(List.of("token")),
    HEADER(List.of("headerName", "headerValue")),
    /** The shared secret a service signs its webhooks with; a webhook trigger checks signatures with it. */
    SIGNING_SECRET(List.of("secret")),
    /** An SMTP server: host, port, account, and {@code starttls}, {@code tls} or {@code none}. */
    SMTP(List.of("host", "port", "username", "password", "security"));

    private final List<String> fields;

    AuthKind(List<String> fields) {
        this.fields = fields;
    }

    public List<String> fields() {
        return fields;
    }
}
