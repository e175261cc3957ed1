package io.flowmeter.connector.spi;

import java.util.List;

/**
 * Something a polling trigger can watch (new issues, new rows): a workflow whose trigger is {@code trigger.poll}
 * names it as {@code <connector>.<key>} and gives its parameters.
 */
public record PollDefinition(String key, String name, String description, List<ParamSpec> params) {
}
