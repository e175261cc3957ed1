package io.flowmeter.connector.spi;

import java.util.Map;
import java.util.Optional;

/** A connection's secret values, resolved for one step. Never logged, stored in outputs or shown. */
public final class Credentials {

    private final Map<String, String> values;

    public Credentials(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public Map<String, String> values() {
        return values;
    }

    @Override
    public String toString() {
        return "Credentials" + values.keySet() + " (values hidden)";
    }
}
