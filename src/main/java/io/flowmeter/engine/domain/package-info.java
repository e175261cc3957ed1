/**
 * The engine's decisions, free of I/O: run and step statuses and the {@link
 * io.flowmeter.engine.domain.Scheduler}, which decides from the settled steps of a run which waiting steps
 * start, which are skipped and how the run ends.
 */
@NullMarked
package io.flowmeter.engine.domain;

import org.jspecify.annotations.NullMarked;
