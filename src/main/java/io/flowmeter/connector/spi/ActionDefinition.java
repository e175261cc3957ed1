package io.flowmeter.connector.spi;

import java.util.List;
import java.util.Optional;

/**
 * What an action is and takes; the builder renders its form from this.
 *
 * @param quick an action that finishes in well under a millisecond without I/O; the engine does not record a
 *              separate "running" state for it
 */
public record ActionDefinition(String key, String name, String description, List<ParamSpec> params, boolean quick) {

    public Optional<ParamSpec> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
