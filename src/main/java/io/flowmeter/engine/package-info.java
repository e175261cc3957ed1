/**
 * Runs: every step of a run executes as one persistent JobRunr job in PostgreSQL. Runs survive restarts and
 * crashes, retry with backoff, branch and join, wait for days holding no thread, and can be paused,
 * cancelled and re-run. {@code domain} holds the pure scheduling decisions; {@code service} the durable
 * state machine, job handling, wake-ups and recovery.
 */
@NullMarked
package io.flowmeter.engine;

import org.jspecify.annotations.NullMarked;
