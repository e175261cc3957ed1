package io.flowmeter.analytics.domain;

/** What a fact records. */
public enum FactKind {
    /** A finished run: counts, and the workflow's minutes and outcome per successful run. */
    RUN,
    /** A step's value settings, for a step that succeeded (counted once its run succeeds). */
    VALUE,
    /** Model tokens x price. */
    LLM,
    /** A per-call fee. */
    CALL,
    /** Step work x the compute rate. */
    COMPUTE,
    /** People's minutes to decide an approval x their rate. */
    APPROVAL,
    /** People's minutes on a failed run x the default rate. */
    TRIAGE
}
