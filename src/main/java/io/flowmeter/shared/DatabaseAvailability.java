package io.flowmeter.shared;

/**
 * Whether this node can reach its database right now, as last measured (not a query per call). Implemented by
 * the database module's probe; modules above use it to refuse work at once instead of holding requests or
 * webhook deliveries in memory they cannot store.
 */
public interface DatabaseAvailability {

    boolean isReachable();
}
