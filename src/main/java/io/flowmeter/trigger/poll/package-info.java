/**
 * Polling triggers: each fire of a workflow's recurring JobRunr job asks the source what it sees now and starts
 * one run per item id the workflow has not seen before. Seen ids are inserted in the same transaction as the
 * item's run, so an item starts exactly one run across restarts, retries and nodes; the first poll only records
 * what already exists.
 */
@NullMarked
package io.flowmeter.trigger.poll;

import org.jspecify.annotations.NullMarked;
