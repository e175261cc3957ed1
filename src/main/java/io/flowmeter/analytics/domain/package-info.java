/** ROI's value objects: assumptions and their kinds, confidence, fact kinds. */
@NullMarked
package io.flowmeter.analytics.domain;

import org.jspecify.annotations.NullMarked;
