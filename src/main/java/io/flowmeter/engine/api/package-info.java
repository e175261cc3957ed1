/**
 * Runs over REST: start a workflow's run, list and inspect runs, pause, resume, cancel and re-run them, re-run
 * parked failed runs in bulk, and approve or reject waiting approval steps.
 */
@NullMarked
package io.flowmeter.engine.api;

import org.jspecify.annotations.NullMarked;
