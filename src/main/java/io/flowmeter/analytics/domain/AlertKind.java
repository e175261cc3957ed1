package io.flowmeter.analytics.domain;

/** Why a workflow raised a notice on the ROI dashboard. */
public enum AlertKind {
    /** Its runs on a day fell to half of its baseline or less. */
    VOLUME_DROP("Runs dropped"),
    /** Its value on a day fell to half of its baseline or less while its runs did not. */
    VALUE_DROP("Value dropped"),
    /** Its schedule was due to start a run and did not. */
    MISSED_SCHEDULE("Missed its schedule");

    private final String label;

    AlertKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
