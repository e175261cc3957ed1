/** ROI over REST: {@code /api/v1/analytics/**} and a workflow's value assumptions. */
@NullMarked
package io.flowmeter.analytics.api;

import org.jspecify.annotations.NullMarked;
