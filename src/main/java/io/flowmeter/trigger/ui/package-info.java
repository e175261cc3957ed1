/**
 * The workflows screen: how each workflow starts (manually, by webhook, schedule or polling), pause and resume,
 * a "Run" button with an input form, and the latest runs.
 */
@NullMarked
package io.flowmeter.trigger.ui;

import org.jspecify.annotations.NullMarked;
