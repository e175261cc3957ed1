/**
 * Schedule triggers: each fire of a workflow's recurring JobRunr job (cron or interval, in a time zone) starts a
 * run, applying the overlap policy under a lock on the workflow's schedule row so that two fires never both
 * decide that nothing is running. Also the schedule over REST, with its next fire times.
 */
@NullMarked
package io.flowmeter.trigger.schedule;

import org.jspecify.annotations.NullMarked;
