/**
 * Triggers that start runs by themselves: signed webhooks (schedules and polling join here). Sits above the
 * engine, which it asks to start runs.
 */
@NullMarked
package io.flowmeter.trigger;

import org.jspecify.annotations.NullMarked;
