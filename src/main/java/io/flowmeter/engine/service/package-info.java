/**
 * The durable state machine of runs and what keeps it moving: short transactions that lock the run row and
 * change status conditionally (so duplicate and stale jobs change nothing), the engine's plain-JDBC SQL, step
 * jobs handed to JobRunr only after commit, cross-node wake-ups and run events over PostgreSQL {@code
 * LISTEN/NOTIFY}, and the recovery sweep that re-dispatches whatever a crash left committed but not dispatched.
 * Connectors run outside any transaction.
 */
@NullMarked
package io.flowmeter.engine.service;

import org.jspecify.annotations.NullMarked;
