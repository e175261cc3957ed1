--liquibase formatted sql

--changeset flowmeter:analytics-settings
-- ROI settings per organization that are not assumptions: the currency every figure is in and the time zone days
-- are counted in. Rates, prices and minutes are assumptions (roi_assumptions), with their history.
CREATE TABLE roi_settings (
    tenant_id  uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    currency   char(3)     NOT NULL DEFAULT 'EUR',
    time_zone  varchar(64) NOT NULL DEFAULT 'UTC',
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid
);
ALTER TABLE roi_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE roi_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON roi_settings
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

--changeset flowmeter:analytics-assumptions
-- Every figure the ROI maths rests on, versioned: a new row per change, effective from a day (in the organization's
-- time zone), never updated or deleted by the application. The one in force on a day is the latest effective_from on
-- or before it (ties: the latest recorded). Kinds and their columns:
--   HOURLY_RATE     money per hour; subject '' is the default rate, otherwise the rate's name
--   COMPUTE_RATE    money per hour of step work
--   TRIAGE_MINUTES  minutes someone spends on a failed run
--   FTE_HOURS       working hours of one full-time person per year
--   WORKFLOW_VALUE  subject the workflow id: minutes saved per successful run, money (outcome) per run, rate_name
--   LLM_PRICE       subject the model (a prefix of the model name the API answers with): money per million input
--                   tokens, money2 per million output tokens
--   CALL_FEE        subject the step type (connector.action): money per call
--   BUILD_EFFORT    subject the workflow id: quantity hours it took to build, at rate_name (for its payback date)
--   FORECAST        subject the workflow id: quantity runs per month expected (set once, compared with the actual)
CREATE TABLE roi_assumptions (
    id             uuid PRIMARY KEY,
    tenant_id      uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind           varchar(16)   NOT NULL CHECK (kind IN ('HOURLY_RATE', 'COMPUTE_RATE', 'TRIAGE_MINUTES', 'FTE_HOURS',
                                                          'WORKFLOW_VALUE', 'LLM_PRICE', 'CALL_FEE', 'BUILD_EFFORT', 'FORECAST')),
    subject        varchar(200)  NOT NULL DEFAULT '',
    minutes        numeric(18, 6),
    money          numeric(18, 6),
    money2         numeric(18, 6),
    quantity       numeric(18, 6),
    rate_name      varchar(60),
    effective_from date          NOT NULL,
    evidence       varchar(2000),
    evidence_url   varchar(2000),
    confidence     varchar(6)    NOT NULL DEFAULT 'medium' CHECK (confidence IN ('low', 'medium', 'high')),
    basis          varchar(8)    NOT NULL DEFAULT 'assumed' CHECK (basis IN ('measured', 'assumed')),
    owner_id       uuid,
    owner_name     varchar(200),
    recorded_at    timestamptz   NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX roi_assumptions_lookup ON roi_assumptions (tenant_id, kind, subject, effective_from DESC, recorded_at DESC);
ALTER TABLE roi_assumptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE roi_assumptions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON roi_assumptions
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
-- history is append-only: a change is a new row (deleting the organization still cascades, as the table's owner)
REVOKE UPDATE, DELETE, TRUNCATE ON roi_assumptions FROM ${appRole}, ${platformRole};

--changeset flowmeter:analytics-facts
-- Value and cost facts, written by the engine's transaction that settles the step or run (so a crash can neither lose
-- nor double one). Kinds: RUN (one per finished run: counts, and the workflow's minutes per successful run), VALUE (a
-- step's value settings), LLM (tokens x price), CALL (a per-call fee), COMPUTE (step work x rate), APPROVAL (people's
-- minutes to decide x rate), TRIAGE (minutes on a failed run x rate). quantity: items, calls, ms of work (a RUN: the
-- run's duration in ms). The inputs (quantity, tokens, minutes, outcome)
-- stay with the amounts, so a restatement can price them again. rolled: already added to roi_hourly.
CREATE TABLE roi_facts (
    id             bigserial PRIMARY KEY,
    tenant_id      uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workflow_id    uuid          NOT NULL,
    version_id     uuid          NOT NULL,
    version_number integer       NOT NULL,
    run_id         uuid          NOT NULL,
    step_run_id    uuid,
    node_id        varchar(100),
    attempt        integer       NOT NULL DEFAULT 0,
    kind           varchar(10)   NOT NULL CHECK (kind IN ('RUN', 'VALUE', 'LLM', 'CALL', 'COMPUTE', 'APPROVAL', 'TRIAGE')),
    status         varchar(10),
    at             timestamptz   NOT NULL,
    hour           timestamptz   NOT NULL,
    local_day      date          NOT NULL,
    quantity       numeric(18, 6) NOT NULL DEFAULT 0,
    tokens_in      bigint        NOT NULL DEFAULT 0,
    tokens_out     bigint        NOT NULL DEFAULT 0,
    subject        varchar(200),
    rate_name      varchar(60),
    minutes_saved  numeric(18, 6) NOT NULL DEFAULT 0,
    minutes_spent  numeric(18, 6) NOT NULL DEFAULT 0,
    outcome        numeric(18, 6) NOT NULL DEFAULT 0,
    value_saved    numeric(18, 6) NOT NULL DEFAULT 0,
    cost           numeric(18, 6) NOT NULL DEFAULT 0,
    currency       char(3)       NOT NULL,
    confidence     varchar(6),
    assumptions    uuid[]        NOT NULL DEFAULT '{}',
    restated_at    timestamptz,
    rolled         boolean       NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX roi_facts_once ON roi_facts (run_id, kind, coalesce(step_run_id, '00000000-0000-0000-0000-000000000000'::uuid), attempt);
CREATE INDEX roi_facts_unrolled ON roi_facts (id) WHERE NOT rolled;
CREATE INDEX roi_facts_tenant_day ON roi_facts (tenant_id, local_day);
ALTER TABLE roi_facts ENABLE ROW LEVEL SECURITY;
ALTER TABLE roi_facts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON roi_facts
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

--changeset flowmeter:analytics-hourly
-- The facts summed per organization, workflow, version, hour and day (the day in the organization's time zone when the
-- fact was written; a half-hour zone splits an hour over two days). Reports read these plus the facts not rolled up
-- yet, in one snapshot: a fact is counted exactly once.
CREATE TABLE roi_hourly (
    tenant_id      uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workflow_id    uuid          NOT NULL,
    version_id     uuid          NOT NULL,
    version_number integer       NOT NULL,
    hour           timestamptz   NOT NULL,
    local_day      date          NOT NULL,
    currency       char(3)       NOT NULL,
    runs           integer       NOT NULL DEFAULT 0,
    succeeded      integer       NOT NULL DEFAULT 0,
    failed         integer       NOT NULL DEFAULT 0,
    run_ms         numeric(20, 0) NOT NULL DEFAULT 0,
    minutes_saved  numeric(20, 6) NOT NULL DEFAULT 0,
    minutes_spent  numeric(20, 6) NOT NULL DEFAULT 0,
    value_saved    numeric(20, 6) NOT NULL DEFAULT 0,
    cost           numeric(20, 6) NOT NULL DEFAULT 0,
    cost_llm       numeric(20, 6) NOT NULL DEFAULT 0,
    cost_calls     numeric(20, 6) NOT NULL DEFAULT 0,
    cost_compute   numeric(20, 6) NOT NULL DEFAULT 0,
    cost_people    numeric(20, 6) NOT NULL DEFAULT 0,
    cost_failed    numeric(20, 6) NOT NULL DEFAULT 0,
    value_low      numeric(20, 6) NOT NULL DEFAULT 0,
    value_medium   numeric(20, 6) NOT NULL DEFAULT 0,
    value_high     numeric(20, 6) NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, workflow_id, version_id, hour, local_day, currency)
);
CREATE INDEX roi_hourly_tenant_day ON roi_hourly (tenant_id, local_day);
ALTER TABLE roi_hourly ENABLE ROW LEVEL SECURITY;
ALTER TABLE roi_hourly FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON roi_hourly
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

--changeset flowmeter:analytics-restatements
-- Explicit restatements: who priced the facts from a day on again with the assumptions in force now, why, and the
-- totals before and after.
CREATE TABLE roi_restatements (
    id            uuid PRIMARY KEY,
    tenant_id     uuid           NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    from_day      date           NOT NULL,
    reason        varchar(2000)  NOT NULL,
    by_id         uuid,
    by_name       varchar(200),
    at            timestamptz    NOT NULL DEFAULT now(),
    facts         integer        NOT NULL,
    currency      char(3)        NOT NULL,
    value_before  numeric(20, 6) NOT NULL,
    value_after   numeric(20, 6) NOT NULL,
    cost_before   numeric(20, 6) NOT NULL,
    cost_after    numeric(20, 6) NOT NULL,
    minutes_before numeric(20, 6) NOT NULL,
    minutes_after numeric(20, 6) NOT NULL
);
CREATE INDEX roi_restatements_tenant ON roi_restatements (tenant_id, at DESC);
ALTER TABLE roi_restatements ENABLE ROW LEVEL SECURITY;
ALTER TABLE roi_restatements FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON roi_restatements
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
REVOKE UPDATE, DELETE, TRUNCATE ON roi_restatements FROM ${appRole}, ${platformRole};
