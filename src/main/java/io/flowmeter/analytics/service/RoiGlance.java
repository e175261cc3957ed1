package io.flowmeter.analytics.service;

import io.flowmeter.analytics.RoiAtAGlance;
import org.springframework.stereotype.Component;

import java.math.RoundingMode;
import java.time.LocalDate;

/** {@link RoiAtAGlance} from the ROI reports. */
@Component
class RoiGlance implements RoiAtAGlance {

    private final RoiService roi;

    RoiGlance(RoiService roi) {
        this.roi = roi;
    }

    @Override
    public Glance last30Days() {
        LocalDate today = roi.today();
        RoiService.Summary summary = roi.summary(today.minusDays(29), today, null);
        RoiReports.Sums s = summary.sums();
        String currency = summary.currency();
        return new Glance(currency, s.hoursSaved().setScale(1, RoundingMode.HALF_EVEN), RoiMaths.money(s.valueSaved(), currency),
                RoiMaths.money(s.cost(), currency), RoiMaths.money(s.net(), currency), s.runs(),
                s.minutesSaved().signum() != 0 || s.valueSaved().signum() != 0);
    }
}
