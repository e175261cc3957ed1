/**
 * Failure notifications: when a run fails (and is parked), the people a workflow names, or the organization's
 * default, hear about it by email and/or in a Slack channel, at most once per workflow per window, with how many runs
 * failed meanwhile and a link to the latest one. The failure is counted in the transaction that fails the run (a
 * per-workflow row locked {@code FOR UPDATE}: the throttle and the outbox in one), a due message is claimed in the
 * database before it is sent (so two nodes never send it twice, and a claim whose node died expires), and each
 * message is sent by a JobRunr job as its tenant. Nothing here can fail a run: a delivery that fails is recorded.
 */
@NullMarked
package io.flowmeter.engine.notify;

import org.jspecify.annotations.NullMarked;
