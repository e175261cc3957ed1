--liquibase formatted sql

--changeset flowmeter:engine-runs
CREATE TABLE runs (
    id             uuid PRIMARY KEY,
    tenant_id      uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workflow_id    uuid        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    version_id     uuid        NOT NULL REFERENCES workflow_versions (id) ON DELETE CASCADE,
    version_number integer     NOT NULL,
    status         varchar(16) NOT NULL CHECK (status IN ('RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    trigger_kind   varchar(16) NOT NULL,
    input          jsonb       NOT NULL,
    output         jsonb,
    error          text,
    parked         boolean     NOT NULL DEFAULT false,
    parent_run_id  uuid REFERENCES runs (id) ON DELETE SET NULL,
    parent_step_id uuid,
    rerun_of       uuid REFERENCES runs (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz
);
CREATE INDEX runs_tenant_created ON runs (tenant_id, created_at DESC, id DESC);
CREATE INDEX runs_workflow_created ON runs (tenant_id, workflow_id, created_at DESC, id DESC);
CREATE INDEX runs_parked ON runs (tenant_id, created_at DESC) WHERE parked;
CREATE INDEX runs_active ON runs (updated_at) WHERE status IN ('RUNNING', 'PAUSED');

--changeset flowmeter:engine-step-runs
CREATE TABLE step_runs (
    id          uuid PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    run_id      uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    node_id     varchar(64) NOT NULL,
    status      varchar(16) NOT NULL CHECK (status IN ('PENDING', 'QUEUED', 'RUNNING', 'WAITING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED')),
    attempt     integer     NOT NULL DEFAULT 0,
    output      jsonb,
    error       text,
    waiting     jsonb,
    wake_at     timestamptz,
    queued_at   timestamptz,
    started_at  timestamptz,
    finished_at timestamptz,
    duration_ms bigint,
    CONSTRAINT step_runs_run_node_unique UNIQUE (run_id, node_id)
);
CREATE INDEX step_runs_unsettled ON step_runs (queued_at) WHERE status IN ('QUEUED', 'RUNNING');
CREATE INDEX step_runs_wake ON step_runs (wake_at) WHERE wake_at IS NOT NULL;

--changeset flowmeter:engine-step-attempts
CREATE TABLE step_attempts (
    id          uuid PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    run_id      uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_run_id uuid        NOT NULL REFERENCES step_runs (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    outcome     varchar(16) NOT NULL,
    error       text,
    log         text,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    CONSTRAINT step_attempts_unique UNIQUE (step_run_id, attempt)
);

--changeset flowmeter:engine-row-level-security
ALTER TABLE runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE runs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON runs
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
ALTER TABLE step_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE step_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON step_runs
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
ALTER TABLE step_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE step_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON step_attempts
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

--changeset flowmeter:engine-loop-items
-- a run of one loop item has rows for the nodes of that loop's body only; scope_node names the loop
ALTER TABLE runs ADD COLUMN scope_node varchar(64);
CREATE INDEX runs_parent_step ON runs (parent_step_id) WHERE parent_step_id IS NOT NULL;

--changeset flowmeter:engine-business-key
-- a run's business key (rendered from the workflow's businessKey template when the run starts): "what happened to
-- order #123" is one indexed lookup across workflows
ALTER TABLE runs ADD COLUMN business_key varchar(200);
CREATE INDEX runs_business_key ON runs (tenant_id, business_key, created_at DESC, id DESC) WHERE business_key IS NOT NULL;

--changeset flowmeter:engine-runs-list-indexes
-- The runs list pages newest first (created_at desc, id desc) by one filter at a time; with an index led by the
-- filter a page reads about as many entries as it shows, even for a value no run has (without one, such a filter
-- read the tenant's whole history). Measured with bench/runs.sh; what each costs is in the README's runs benchmark.
-- Status: partial, without SUCCEEDED (about 90 % of runs, and its filter finds a page at once in runs_tenant_created),
-- so a run's entry is made when it starts RUNNING and none when it succeeds. RunService writes the status as a
-- literal so that the planner can use this index for every other status.
CREATE INDEX runs_status_created ON runs (tenant_id, status, created_at DESC, id DESC) WHERE status <> 'SUCCEEDED';
CREATE INDEX runs_trigger_created ON runs (tenant_id, trigger_kind, created_at DESC, id DESC);
-- waiting steps (the list's "waiting" filter; recovery's sweep for finished sub-workflows and idle loops), few at a time
CREATE INDEX step_runs_waiting ON step_runs (run_id) WHERE status = 'WAITING';
-- the re-runs of a run (the run view) and a run's sub-workflow and loop item runs (cancel); both also serve the
-- ON DELETE SET NULL of these references, which otherwise scans every run for each run deleted with its workflow
CREATE INDEX runs_rerun_of ON runs (rerun_of) WHERE rerun_of IS NOT NULL;
CREATE INDEX runs_parent_run ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;

--changeset flowmeter:engine-run-references-by-version
-- A run's workflow and tenant are its version's: one reference to the version with all three checks them together,
-- where three references made every start lock three rows that every run of the tenant or the workflow shares
-- (concurrent starts then share each lock in a multixact, more work and WAL for each). A step's tenant is its run's,
-- so its own reference to tenants went too. Deleting a tenant or a workflow still deletes its runs and their steps,
-- through the versions. bench/http.sh measured it (README, "Engine performance").
CREATE UNIQUE INDEX workflow_versions_run_reference ON workflow_versions (id, workflow_id, tenant_id);
ALTER TABLE runs DROP CONSTRAINT runs_tenant_id_fkey, DROP CONSTRAINT runs_workflow_id_fkey, DROP CONSTRAINT runs_version_id_fkey;
ALTER TABLE runs ADD CONSTRAINT runs_version_fkey FOREIGN KEY (version_id, workflow_id, tenant_id)
    REFERENCES workflow_versions (id, workflow_id, tenant_id) ON DELETE CASCADE NOT VALID;
ALTER TABLE step_runs DROP CONSTRAINT step_runs_tenant_id_fkey;

--changeset flowmeter:engine-run-references-validated
-- the runs stored before the change above, checked under a lock that lets runs start meanwhile
ALTER TABLE runs VALIDATE CONSTRAINT runs_version_fkey;
