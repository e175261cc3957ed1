/** ROI's screens: the dashboard, settings and assumptions, a workflow's value per run, restatements. */
@NullMarked
package io.flowmeter.analytics.ui;

import org.jspecify.annotations.NullMarked;
