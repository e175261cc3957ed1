/**
 * What every screen uses to talk back to the person: a service's refusal shown on the form field it names (or as
 * a notification when it names none), success and error notifications, one readable format for times, and charts
 * (Apache ECharts in the browser, options built on the server) for the modules that report numbers.
 */
@NullMarked
package io.flowmeter.shared.ui;

import org.jspecify.annotations.NullMarked;
