/**
 * The engine's screens: the approval steps waiting for a member, who approves or rejects them with an optional
 * comment; and one run at {@code /runs/{id}}, drawn on the builder's canvas with its steps' states, updating live
 * from the engine's run events.
 */
@NullMarked
package io.flowmeter.engine.ui;

import org.jspecify.annotations.NullMarked;
