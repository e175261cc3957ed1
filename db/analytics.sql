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

--changeset flowmeter:analytics-daily splitStatements:false
-- The hourly rollup summed per day, which is what reports read: their smallest unit is a day. With the hourly rows a
-- 30-day summary of a tenant with a million runs in 90 days read 14,280 of them (24 per workflow and day) for the
-- period and as many for the period before, 67 ms of the database's time for the period alone; with these it reads
-- 600 and takes 14 ms, most of it the 2,000 facts not rolled up (bench/roi.sh, README). Triggers on roi_hourly keep it
-- in step in the statement that changes roi_hourly (the rollup adding facts, a restatement taking them out), so it
-- holds exactly what roi_hourly holds, whichever node or version of the application writes roi_hourly. Filled from
-- roi_hourly below, with roi_hourly locked against writes until this commits; for that one statement the owner
-- reads roi_hourly without forced row-level security (every tenant's rows).
CREATE TABLE roi_daily (
    tenant_id      uuid          NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workflow_id    uuid          NOT NULL,
    version_id     uuid          NOT NULL,
    version_number integer       NOT NULL,
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
    -- reports ask for a tenant's days, some for one workflow of them
    PRIMARY KEY (tenant_id, local_day, workflow_id, version_id, currency)
);

-- Adds what a statement changed in roi_hourly to roi_daily: the rows it inserted, or for an update its rows after
-- minus the same rows before. Runs as whoever changed roi_hourly, so row-level security applies as it did there.
CREATE FUNCTION flowmeter_roi_daily_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO roi_daily AS d (tenant_id, workflow_id, version_id, version_number, local_day, currency, runs, succeeded, failed, run_ms,
            minutes_saved, minutes_spent, value_saved, cost, cost_llm, cost_calls, cost_compute, cost_people, cost_failed, value_low,
            value_medium, value_high)
        SELECT tenant_id, workflow_id, version_id, max(version_number), local_day, currency, sum(runs), sum(succeeded), sum(failed), sum(run_ms),
            sum(minutes_saved), sum(minutes_spent), sum(value_saved), sum(cost), sum(cost_llm), sum(cost_calls), sum(cost_compute),
            sum(cost_people), sum(cost_failed), sum(value_low), sum(value_medium), sum(value_high)
        FROM roi_hourly_added
        GROUP BY tenant_id, workflow_id, version_id, local_day, currency
        ON CONFLICT (tenant_id, local_day, workflow_id, version_id, currency) DO UPDATE SET
            version_number = excluded.version_number, runs = d.runs + excluded.runs, succeeded = d.succeeded + excluded.succeeded,
            failed = d.failed + excluded.failed, run_ms = d.run_ms + excluded.run_ms, minutes_saved = d.minutes_saved + excluded.minutes_saved,
            minutes_spent = d.minutes_spent + excluded.minutes_spent, value_saved = d.value_saved + excluded.value_saved,
            cost = d.cost + excluded.cost, cost_llm = d.cost_llm + excluded.cost_llm, cost_calls = d.cost_calls + excluded.cost_calls,
            cost_compute = d.cost_compute + excluded.cost_compute, cost_people = d.cost_people + excluded.cost_people,
            cost_failed = d.cost_failed + excluded.cost_failed, value_low = d.value_low + excluded.value_low,
            value_medium = d.value_medium + excluded.value_medium, value_high = d.value_high + excluded.value_high;
    ELSE
        INSERT INTO roi_daily AS d (tenant_id, workflow_id, version_id, version_number, local_day, currency, runs, succeeded, failed, run_ms,
            minutes_saved, minutes_spent, value_saved, cost, cost_llm, cost_calls, cost_compute, cost_people, cost_failed, value_low,
            value_medium, value_high)
        SELECT tenant_id, workflow_id, version_id, max(version_number), local_day, currency, sum(runs), sum(succeeded), sum(failed), sum(run_ms),
            sum(minutes_saved), sum(minutes_spent), sum(value_saved), sum(cost), sum(cost_llm), sum(cost_calls), sum(cost_compute),
            sum(cost_people), sum(cost_failed), sum(value_low), sum(value_medium), sum(value_high)
        FROM (SELECT tenant_id, workflow_id, version_id, version_number, local_day, currency, runs, succeeded, failed, run_ms, minutes_saved,
                     minutes_spent, value_saved, cost, cost_llm, cost_calls, cost_compute, cost_people, cost_failed, value_low,
                     value_medium, value_high
              FROM roi_hourly_after
              UNION ALL
              SELECT tenant_id, workflow_id, version_id, version_number, local_day, currency, -runs, -succeeded, -failed, -run_ms, -minutes_saved,
                     -minutes_spent, -value_saved, -cost, -cost_llm, -cost_calls, -cost_compute, -cost_people, -cost_failed, -value_low,
                     -value_medium, -value_high
              FROM roi_hourly_before) change
        GROUP BY tenant_id, workflow_id, version_id, local_day, currency
        ON CONFLICT (tenant_id, local_day, workflow_id, version_id, currency) DO UPDATE SET
            version_number = excluded.version_number, runs = d.runs + excluded.runs, succeeded = d.succeeded + excluded.succeeded,
            failed = d.failed + excluded.failed, run_ms = d.run_ms + excluded.run_ms, minutes_saved = d.minutes_saved + excluded.minutes_saved,
            minutes_spent = d.minutes_spent + excluded.minutes_spent, value_saved = d.value_saved + excluded.value_saved,
            cost = d.cost + excluded.cost, cost_llm = d.cost_llm + excluded.cost_llm, cost_calls = d.cost_calls + excluded.cost_calls,
            cost_compute = d.cost_compute + excluded.cost_compute, cost_people = d.cost_people + excluded.cost_people,
            cost_failed = d.cost_failed + excluded.cost_failed, value_low = d.value_low + excluded.value_low,
            value_medium = d.value_medium + excluded.value_medium, value_high = d.value_high + excluded.value_high;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER roi_hourly_daily_insert AFTER INSERT ON roi_hourly REFERENCING NEW TABLE AS roi_hourly_added
    FOR EACH STATEMENT EXECUTE FUNCTION flowmeter_roi_daily_follow();
CREATE TRIGGER roi_hourly_daily_update AFTER UPDATE ON roi_hourly REFERENCING OLD TABLE AS roi_hourly_before NEW TABLE AS roi_hourly_after
    FOR EACH STATEMENT EXECUTE FUNCTION flowmeter_roi_daily_follow();

-- what roi_hourly holds already (creating the triggers locked it against writes until this commits)
ALTER TABLE roi_hourly NO FORCE ROW LEVEL SECURITY;
INSERT INTO roi_daily (tenant_id, workflow_id, version_id, version_number, local_day, currency, runs, succeeded, failed, run_ms,
    minutes_saved, minutes_spent, value_saved, cost, cost_llm, cost_calls, cost_compute, cost_people, cost_failed, value_low, value_medium, value_high)
SELECT tenant_id, workflow_id, version_id, max(version_number), local_day, currency, sum(runs), sum(succeeded), sum(failed), sum(run_ms),
    sum(minutes_saved), sum(minutes_spent), sum(value_saved), sum(cost), sum(cost_llm), sum(cost_calls), sum(cost_compute),
    sum(cost_people), sum(cost_failed), sum(value_low), sum(value_medium), sum(value_high)
FROM roi_hourly
GROUP BY tenant_id, workflow_id, version_id, local_day, currency;
ALTER TABLE roi_hourly FORCE ROW LEVEL SECURITY;

ALTER TABLE roi_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE roi_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON roi_daily
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

--changeset flowmeter:analytics-facts-unrolled-by-tenant
-- Reports add a tenant's facts not rolled up yet (a few, between two rollups) to the rollup, by tenant, days and NOT
-- rolled. Once pgjdbc prepares the statement (after 5 uses on a connection) the server may keep a generic plan, made
-- without knowing which days: that plan ANDed roi_facts_unrolled (every tenant's facts not rolled up) with
-- roi_facts_tenant_day, which holds every fact of the tenant's days, and read the index entries of all of them: a
-- 30-day summary of a tenant with a million runs took 203 ms (p50) instead of 17 (bench/roi.sh, README). This index
-- holds the facts not rolled up only, led by the tenant: one entry per fact until it is rolled up.
CREATE INDEX roi_facts_unrolled_tenant ON roi_facts (tenant_id, local_day) WHERE NOT rolled;

--changeset flowmeter:analytics-alerts
-- Notices about a workflow that stopped paying its way: its runs or its value on a day fell sharply below its own
-- recent baseline, or its schedule missed a fire. Raised once per workflow, kind and day (the unique index makes a
-- second sweep, on this node or another, a no-op), emailed to the organization's admins when raised, and shown on
-- the ROI dashboard until someone dismisses it.
CREATE TABLE roi_alerts (
    id           uuid PRIMARY KEY,
    tenant_id    uuid           NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workflow_id  uuid           NOT NULL,
    kind         varchar(20)    NOT NULL,
    local_day    date           NOT NULL,
    message      varchar(1000)  NOT NULL,
    baseline     numeric(20, 6),
    actual       numeric(20, 6),
    raised_at    timestamptz    NOT NULL DEFAULT now(),
    emailed_to   integer        NOT NULL DEFAULT 0,
    dismissed_at timestamptz,
    dismissed_by varchar(200)
);
CREATE UNIQUE INDEX roi_alerts_once ON roi_alerts (tenant_id, workflow_id, kind, local_day);
CREATE INDEX roi_alerts_open ON roi_alerts (tenant_id, raised_at DESC) WHERE dismissed_at IS NULL;
ALTER TABLE roi_alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE roi_alerts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON roi_alerts
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

--changeset flowmeter:analytics-statement-schedules
-- The ROI statement (PDF) emailed on a schedule: weekly (Monday to Sunday) or monthly, for the period that just
-- ended in the organization's time zone, to chosen members (their address is read when it is sent, so a member who
-- left gets nothing). sent_through is the last day of the last period sent: a sweep claims a period by moving it on
-- in one conditional update, so each period is sent once however many nodes sweep.
CREATE TABLE roi_statement_schedules (
    tenant_id    uuid         PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    cadence      varchar(10)  NOT NULL,
    recipients   uuid[]       NOT NULL,
    sent_through date,
    last_sent_at timestamptz,
    last_result  varchar(1000),
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    updated_by   uuid
);
ALTER TABLE roi_statement_schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE roi_statement_schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON roi_statement_schedules
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

--changeset flowmeter:analytics-member-rates
-- MEMBER_RATE: subject a member's email address (lower case), rate_name the named labour rate their own time is
-- priced at when they decide an approval (else the approval step's rate, else the default rate).
ALTER TABLE roi_assumptions DROP CONSTRAINT roi_assumptions_kind_check;
ALTER TABLE roi_assumptions ADD CONSTRAINT roi_assumptions_kind_check CHECK (kind IN ('HOURLY_RATE', 'COMPUTE_RATE', 'TRIAGE_MINUTES',
    'FTE_HOURS', 'WORKFLOW_VALUE', 'LLM_PRICE', 'CALL_FEE', 'BUILD_EFFORT', 'FORECAST', 'MEMBER_RATE'));
