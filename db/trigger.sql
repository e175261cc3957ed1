--liquibase formatted sql

--changeset flowmeter:trigger-webhooks
-- A workflow's webhook address: /hooks/<token>. The token is a capability (unguessable, regenerable), shown to the
-- workflow's editors, so it is stored as is; its lookup needs no tenant (platform scope), the rest is tenant-owned.
CREATE TABLE webhooks (
    workflow_id uuid PRIMARY KEY REFERENCES workflows (id) ON DELETE CASCADE,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    token       varchar(64) NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE webhooks ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhooks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhooks
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

-- Message ids of signed deliveries already accepted, so a replay is refused; kept for a day (beyond any tolerance).
CREATE TABLE webhook_deliveries (
    workflow_id uuid         NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    message_id  varchar(300) NOT NULL,
    tenant_id   uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    received_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_id, message_id)
);
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_deliveries
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

--changeset flowmeter:trigger-schedules
-- Per scheduled workflow: its row is locked while a fire decides (so fires never overlap by accident), and counts
-- what the overlap policy did.
CREATE TABLE schedules (
    workflow_id   uuid PRIMARY KEY REFERENCES workflows (id) ON DELETE CASCADE,
    tenant_id     uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    queued        integer     NOT NULL DEFAULT 0,
    skipped       bigint      NOT NULL DEFAULT 0,
    fired         bigint      NOT NULL DEFAULT 0,
    last_fired_at timestamptz
);
ALTER TABLE schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON schedules
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

--changeset flowmeter:trigger-polling
-- Per polling workflow: the source's cursor and what the last poll did.
CREATE TABLE poll_state (
    workflow_id    uuid PRIMARY KEY REFERENCES workflows (id) ON DELETE CASCADE,
    tenant_id      uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    cursor         text,
    last_polled_at timestamptz,
    last_error     varchar(500),
    started        bigint      NOT NULL DEFAULT 0
);
-- Every item id a polling workflow has seen: an item starts at most one run, across restarts and nodes.
CREATE TABLE poll_seen (
    workflow_id uuid         NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    item_id     varchar(300) NOT NULL,
    tenant_id   uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seen_at     timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_id, item_id)
);
ALTER TABLE poll_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE poll_state FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poll_state
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
ALTER TABLE poll_seen ENABLE ROW LEVEL SECURITY;
ALTER TABLE poll_seen FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poll_seen
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

--changeset flowmeter:trigger-webhook-inbox
-- Accepted webhook deliveries not yet turned into runs: a request commits one row here and is answered; a drainer
-- turns rows into runs in batches (one transaction per batch) and deletes them in the same transaction.
CREATE TABLE webhook_inbox (
    run_id      uuid PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    workflow_id uuid        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    version_id  uuid        NOT NULL,
    input       text        NOT NULL,
    attempts    integer     NOT NULL DEFAULT 0,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_inbox_order ON webhook_inbox (tenant_id, received_at);
ALTER TABLE webhook_inbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_inbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_inbox
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
