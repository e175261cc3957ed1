package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.Assumption;

import java.math.BigDecimal;

/** An assumption in words, for screens, the statement and exports: what it is and its amount. */
public final class AssumptionText {

    private AssumptionText() {
    }

    public static String label(Assumption a) {
        return switch (a.kind()) {
            case HOURLY_RATE -> a.subject().isEmpty() ? "Default labour rate" : "Labour rate " + a.subject();
            case COMPUTE_RATE -> "Compute rate";
            case TRIAGE_MINUTES -> "Minutes on a failed run";
            case FTE_HOURS -> "Hours of a full-time person per year";
            case WORKFLOW_VALUE -> "Workflow value per run";
            case LLM_PRICE -> "Model price " + a.subject();
            case CALL_FEE -> "Fee per call of " + a.subject();
            case BUILD_EFFORT -> "Build effort of a workflow";
            case FORECAST -> "Runs per month expected of a workflow";
            case MEMBER_RATE -> "Approver's rate of " + a.subject();
        };
    }

    public static String amount(Assumption a, String currency) {
        return switch (a.kind()) {
            case HOURLY_RATE, COMPUTE_RATE -> plain(a.money()) + " " + currency + "/h";
            case TRIAGE_MINUTES -> plain(a.minutes()) + " min";
            case FTE_HOURS -> plain(a.minutes()) + " h";
            case WORKFLOW_VALUE -> plain(a.minutes()) + " min" + (a.money() == null || a.money().signum() == 0 ? "" : " + " + plain(a.money()) + " " + currency);
            case LLM_PRICE -> plain(a.money()) + " in / " + plain(a.money2()) + " out " + currency + " per 1M tokens";
            case CALL_FEE -> plain(a.money()) + " " + currency;
            case BUILD_EFFORT -> plain(a.quantity()) + " h" + (a.rateName() == null ? "" : " at " + a.rateName());
            case FORECAST -> plain(a.quantity()) + " runs/month";
            case MEMBER_RATE -> "rate " + a.rateName();
        };
    }

    private static String plain(BigDecimal value) {
        return value == null ? "-" : value.stripTrailingZeros().toPlainString();
    }
}
