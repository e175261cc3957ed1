--liquibase formatted sql

--changeset flowmeter:connection-connections
CREATE TABLE connections (
    id             uuid PRIMARY KEY,
    tenant_id      uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    connector      varchar(64)  NOT NULL,
    name           varchar(120) NOT NULL,
    auth_kind      varchar(16)  NOT NULL CHECK (auth_kind IN ('OAUTH2', 'API_KEY', 'BASIC', 'BEARER', 'HEADER')),
    status         varchar(16)  NOT NULL CHECK (status IN ('CONNECTED', 'NEEDS_RECONNECT', 'ERROR', 'REVOKED')),
    scopes         text,
    expires_at     timestamptz,
    created_by     uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    last_used_at   timestamptz,
    last_tested_at timestamptz,
    version        bigint       NOT NULL DEFAULT 0
);
CREATE INDEX connections_tenant ON connections (tenant_id, lower(name));
ALTER TABLE connections ENABLE ROW LEVEL SECURITY;
ALTER TABLE connections FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON connections
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
