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

--changeset flowmeter:connection-oauth
-- why a connection is not usable (shown in the hub), and what the last test said
ALTER TABLE connections ADD COLUMN status_message varchar(500);
ALTER TABLE connections ADD COLUMN last_test_ok boolean;
-- a URL that answers 2xx to the connection's credentials (GET), for "Test" when the connector has no test of its own
ALTER TABLE connections ADD COLUMN test_url varchar(500);
-- an OAuth2 connection remembers whose OAuth app issued its tokens: refreshes must use the same one
ALTER TABLE connections ADD COLUMN oauth_client varchar(16) CHECK (oauth_client IN ('PLATFORM', 'TENANT'));

-- An OAuth2 connect in progress: single use (deleted when the provider sends the person back), short-lived,
-- bound to the tenant and, when started in the browser, to the session (stored as a hash, like the state).
CREATE TABLE oauth_states (
    state_hash    varchar(64)  PRIMARY KEY,
    tenant_id     uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    session_hash  varchar(64),
    created_by    uuid REFERENCES users (id) ON DELETE CASCADE,
    provider      varchar(64)  NOT NULL,
    name          varchar(120) NOT NULL,
    connection_id uuid REFERENCES connections (id) ON DELETE CASCADE,
    oauth_client  varchar(16)  NOT NULL CHECK (oauth_client IN ('PLATFORM', 'TENANT')),
    code_verifier varchar(128) NOT NULL,
    redirect_uri  varchar(500) NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    expires_at    timestamptz  NOT NULL
);
CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);
ALTER TABLE oauth_states ENABLE ROW LEVEL SECURITY;
ALTER TABLE oauth_states FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON oauth_states
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

-- A tenant's own OAuth app for a provider; its client secret lives in the secret store.
CREATE TABLE oauth_apps (
    tenant_id  uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    provider   varchar(64)  NOT NULL,
    client_id  varchar(300) NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, provider)
);
ALTER TABLE oauth_apps ENABLE ROW LEVEL SECURITY;
ALTER TABLE oauth_apps FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON oauth_apps
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

--changeset flowmeter:connection-signing-secret
-- a shared secret that signs incoming webhooks (Standard Webhooks, GitHub, Stripe, HMAC)
ALTER TABLE connections DROP CONSTRAINT connections_auth_kind_check;
ALTER TABLE connections ADD CONSTRAINT connections_auth_kind_check
    CHECK (auth_kind IN ('OAUTH2', 'API_KEY', 'BASIC', 'BEARER', 'HEADER', 'SIGNING_SECRET'));

--changeset flowmeter:connection-smtp
-- an SMTP server account for the email connector
ALTER TABLE connections DROP CONSTRAINT connections_auth_kind_check;
ALTER TABLE connections ADD CONSTRAINT connections_auth_kind_check
    CHECK (auth_kind IN ('OAUTH2', 'API_KEY', 'BASIC', 'BEARER', 'HEADER', 'SIGNING_SECRET', 'SMTP'));

--changeset flowmeter:connection-rate-limit
-- calls per minute through this connection, shared by all of the tenant's workflows; null: no limit
ALTER TABLE connections ADD COLUMN rate_limit_per_minute integer CHECK (rate_limit_per_minute BETWEEN 1 AND 100000);
-- Bucket4j's token buckets for those limits (ids and counters only, no tenant data: no row-level security)
CREATE TABLE connection_rate_buckets (
    id    varchar(80) PRIMARY KEY,
    state bytea
);
