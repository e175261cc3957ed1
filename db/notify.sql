--liquibase formatted sql

--changeset flowmeter:notify-settings
-- Who hears about failed runs: the organization's default (one row per tenant) and a workflow's own setting, which
-- overrides it (OWN) or switches notifications off (OFF); a workflow without a row follows the default. Operational
-- settings, so they live here and not in the workflow's versioned definition: changing them publishes nothing.
CREATE TABLE notification_defaults (
    tenant_id           uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    emails              text[]      NOT NULL DEFAULT '{}',
    slack_connection_id uuid REFERENCES connections (id) ON DELETE SET NULL,
    slack_channel       varchar(80),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE workflow_notifications (
    workflow_id         uuid PRIMARY KEY REFERENCES workflows (id) ON DELETE CASCADE,
    tenant_id           uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    mode                varchar(8)  NOT NULL CHECK (mode IN ('OWN', 'OFF')),
    emails              text[]      NOT NULL DEFAULT '{}',
    slack_connection_id uuid REFERENCES connections (id) ON DELETE SET NULL,
    slack_channel       varchar(80),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE notification_defaults ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_defaults FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notification_defaults
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
ALTER TABLE workflow_notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflow_notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON workflow_notifications
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

--changeset flowmeter:notify-failure-notices
-- Per workflow whose failures are reported: the throttle's state and the outbox of its next message. A failure is
-- counted in the transaction that fails the run (the row locked FOR UPDATE), so it survives a crash and concurrent
-- failures on several nodes count once each; a sender claims a due row (claim, claimed_until) before it sends, so two
-- nodes never send the same message, and a claim whose sender died expires.
CREATE TABLE failure_notices (
    workflow_id     uuid PRIMARY KEY REFERENCES workflows (id) ON DELETE CASCADE,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    pending         integer     NOT NULL DEFAULT 0 CHECK (pending >= 0),
    first_failed_at timestamptz,
    last_run_id     uuid,
    last_error      text,
    due_at          timestamptz,
    last_sent_at    timestamptz,
    claim           uuid,
    claimed_until   timestamptz,
    -- what the latest delivery said, channel by channel (never a secret): shown next to the settings
    last_outcome    varchar(1000),
    last_outcome_at timestamptz
);
CREATE INDEX failure_notices_due ON failure_notices (due_at) WHERE pending > 0;
ALTER TABLE failure_notices ENABLE ROW LEVEL SECURITY;
ALTER TABLE failure_notices FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON failure_notices
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
