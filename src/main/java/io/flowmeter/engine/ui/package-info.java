/**
 * The engine's screens: the approval steps waiting for a member, who approves or rejects them with an optional
 * comment.
 */
@NullMarked
package io.flowmeter.engine.ui;

import org.jspecify.annotations.NullMarked;
