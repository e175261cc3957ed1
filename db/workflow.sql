--liquibase formatted sql

--changeset flowmeter:workflow-workflows
CREATE TABLE workflows (
    id             uuid PRIMARY KEY,
    tenant_id      uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name           varchar(120) NOT NULL,
    description    text,
    draft          jsonb        NOT NULL,
    latest_version integer,
    created_by     uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    updated_at     timestamptz  NOT NULL DEFAULT now(),
    version        bigint       NOT NULL DEFAULT 0
);
CREATE INDEX workflows_tenant_name ON workflows (tenant_id, lower(name));

--changeset flowmeter:workflow-versions
CREATE TABLE workflow_versions (
    id           uuid PRIMARY KEY,
    tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workflow_id  uuid        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    number       integer     NOT NULL,
    definition   jsonb       NOT NULL,
    published_by uuid REFERENCES users (id) ON DELETE SET NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workflow_versions_number_unique UNIQUE (workflow_id, number)
);

--changeset flowmeter:workflow-row-level-security
ALTER TABLE workflows ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflows FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON workflows
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
ALTER TABLE workflow_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflow_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON workflow_versions
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
-- published versions are immutable: nobody may change them, only delete them with their workflow
CREATE FUNCTION flowmeter_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'published workflow versions are immutable';
END $$;
CREATE TRIGGER workflow_versions_immutable BEFORE UPDATE ON workflow_versions
    FOR EACH ROW EXECUTE FUNCTION flowmeter_versions_immutable();

--changeset flowmeter:workflow-paused
-- a paused workflow starts no runs from its triggers (webhooks answer 409, schedules do not fire)
ALTER TABLE workflows ADD COLUMN paused boolean NOT NULL DEFAULT false;

--changeset flowmeter:workflow-builder
-- who saved the draft last and how often it was saved (a save made on an older revision is refused, naming
-- that person; pausing or publishing does not count), and the note given when publishing
ALTER TABLE workflows ADD COLUMN updated_by uuid REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE workflows ADD COLUMN draft_revision bigint NOT NULL DEFAULT 0;
ALTER TABLE workflow_versions ADD COLUMN note varchar(500);
