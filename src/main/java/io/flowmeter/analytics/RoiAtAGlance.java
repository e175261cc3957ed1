package io.flowmeter.analytics;

import java.math.BigDecimal;

/** The landing page's ROI tile: the last 30 days of the current organization, as the ROI dashboard counts them. */
public interface RoiAtAGlance {

    /**
     * @param hoursSaved  people's hours the runs saved
     * @param net         money saved minus what the runs cost, rounded to the currency
     * @param valued      whether any value was recorded (minutes or money): if not, nothing is measured yet
     */
    record Glance(String currency, BigDecimal hoursSaved, BigDecimal valueSaved, BigDecimal cost, BigDecimal net, long runs, boolean valued) {
    }

    Glance last30Days();
}
