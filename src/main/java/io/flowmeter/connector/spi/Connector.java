package io.flowmeter.connector.spi;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A connector: a service (or a built-in capability) with actions a step can run. Implementations are Spring
 * beans; the registry finds them. A step's type is {@code <connector key>.<action key>}.
 */
public interface Connector {

    String key();

    String displayName();

    /** The icon the builder shows on this connector's steps and in the palette: a Vaadin icon name. */
    default String icon() {
        return "vaadin:cube";
    }

    /** One line on what the connector is for, shown above its actions in the builder's palette. */
    default String description() {
        return "";
    }

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

    /** What this connector can watch for polling triggers. */
    default java.util.List<PollDefinition> pollers() {
        return java.util.List.of();
    }

    /**
     * One poll of {@code poller}: the items currently visible (newest first is customary; at most a page), with
     * {@code cursor} from the previous poll. Errors as for {@link #execute}.
     */
    default PollResult poll(String poller, java.util.Map<String, Object> params, @Nullable Credentials credentials,
                            @Nullable String cursor, java.time.Duration timeout) throws ActionException {
        throw ActionException.permanent(key() + " has no poller " + poller);
    }
}
