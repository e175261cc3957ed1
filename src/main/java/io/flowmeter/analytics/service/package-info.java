/** ROI's use cases: settings and assumptions, recording facts, rolling them up, reports and restatements. */
@NullMarked
package io.flowmeter.analytics.service;

import org.jspecify.annotations.NullMarked;
