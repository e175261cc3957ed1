/**
 * What every screen uses to talk back to the person: a service's refusal shown on the form field it names (or as
 * a notification when it names none), success and error notifications, and one readable format for times.
 */
@NullMarked
package io.flowmeter.shared.ui;

import org.jspecify.annotations.NullMarked;
