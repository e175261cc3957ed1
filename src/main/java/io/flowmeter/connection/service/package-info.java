/**
 * The current tenant's connections and their call budgets. Secret values go to the secret store only, keyed by
 * the connection id, and come back out only as the credentials of the step about to run. Budgets are Bucket4j
 * token buckets in PostgreSQL, shared by every node; a step over budget is told how long to wait.
 */
@NullMarked
package io.flowmeter.connection.service;

import org.jspecify.annotations.NullMarked;
