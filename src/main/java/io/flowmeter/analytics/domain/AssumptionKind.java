package io.flowmeter.analytics.domain;

/** What an assumption prices (see db/analytics.sql for the columns each kind uses). */
public enum AssumptionKind {
    /** Money per hour of people's work; subject '' is the default rate, otherwise the rate's name. */
    HOURLY_RATE,
    /** Money per hour of step work. */
    COMPUTE_RATE,
    /** People's minutes spent on one failed run. */
    TRIAGE_MINUTES,
    /** Working hours of one full-time person per year (for the FTE equivalent). */
    FTE_HOURS,
    /** A workflow's minutes saved and outcome value per successful run; subject the workflow id. */
    WORKFLOW_VALUE,
    /** Money per million input (money) and output (money2) tokens; subject a model name prefix. */
    LLM_PRICE,
    /** Money per call of a step type; subject the type (connector.action). */
    CALL_FEE,
    /** Hours a workflow took to build (quantity) at a labour rate; subject the workflow id. */
    BUILD_EFFORT,
    /** Runs per month a workflow is expected to make (quantity); subject the workflow id. */
    FORECAST,
    /**
     * The named labour rate a member's own time is priced at when they decide an approval (rate name); subject the
     * member's email address, lower case.
     */
    MEMBER_RATE
}
