/**
 * Triggers that start runs by themselves: signed webhooks ({@code webhook}), schedules ({@code schedule}) and
 * polling ({@code poll}). Sits above the engine, which it asks to start runs.
 */
@NullMarked
package io.flowmeter.trigger;

import org.jspecify.annotations.NullMarked;
