package io.flowmeter.connector.spi;

import java.util.Map;
import java.util.Optional;

/** A connection's secret values, resolved for one step. Never logged, stored in outputs or shown. */
public final class Credentials {

    private final String label;
    private final Map<String, String> values;
    private final boolean refreshable;

    public Credentials(Map<String, String> values) {
        this("connection", values, false);
    }

    public Credentials(Map<String, String> values, boolean refreshable) {
        this("connection", values, refreshable);
    }

    /**
     * @param label       the connection's name, shown where one of its values was redacted
     * @param refreshable an OAuth2 access token that a 401 should renew (once) before the step fails
     */
    public Credentials(String label, Map<String, String> values, boolean refreshable) {
        this.label = label;
        this.values = Map.copyOf(values);
        this.refreshable = refreshable;
    }

    public String label() {
        return label;
    }

    public boolean refreshable() {
        return refreshable;
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The one secret of a token-like connection: an OAuth2 access token, a bearer token, an API key's value. */
    public Optional<String> secret() {
        return get("accessToken").or(() -> get("token")).or(() -> get("headerValue")).or(() -> get("secret"));
    }

    public Map<String, String> values() {
        return values;
    }

    @Override
    public String toString() {
        return "Credentials" + values.keySet() + " (values hidden)";
    }
}
