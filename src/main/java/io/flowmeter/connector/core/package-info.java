/**
 * The built-in {@code core} and {@code trigger} connectors, which call no outside service: logic steps (no-op,
 * transform, condition, delay, approval, sub-workflow), and the triggers that start runs, whose output as a step
 * is the run's input, with the schedule trigger's parameters. Waiting steps return a wait result; the engine
 * keeps them durably and holds no thread meanwhile.
 */
@NullMarked
package io.flowmeter.connector.core;

import org.jspecify.annotations.NullMarked;
