package io.flowmeter.connector.spi;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * What one poll saw: items with a stable id each (the trigger starts one run per id it has not seen before), and
 * a cursor the next poll receives (e.g. the newest timestamp), or null to keep none.
 */
public record PollResult(List<Item> items, @Nullable String cursor) {

    /** One item: its id at the service, and the data the run gets as its input. */
    public record Item(String id, Object data) {
    }
}
