package io.flowmeter.connector.spi;

import java.util.List;

/**
 * A connector: a service (or a built-in capability) with actions a step can run. Implementations are Spring
 * beans; the registry finds them. A step's type is {@code <connector key>.<action key>}.
 */
public interface Connector {

    String key();

    String displayName();

    List<ActionDefinition> actions();

    /**
     * Runs one action. Parameters are already rendered (templates resolved) and checked against the declared
     * parameters. Throw {@link ActionException} to fail; its {@code retryable} flag decides whether the engine
     * tries again.
     */
    ActionResult execute(String action, ActionRequest request) throws ActionException;

    /**
     * Checks an action's parameters beyond their declared types (a cron expression, a time zone), when a workflow
     * is saved. Returns problems by parameter name; empty when all is well.
     */
    default java.util.Map<String, String> validate(String action, java.util.Map<String, Object> params) {
        return java.util.Map.of();
    }
}
