--liquibase formatted sql

-- Users are global (one account, many tenants); they are not tenant-owned.
--changeset flowmeter:identity-users
CREATE TABLE users (
    id             uuid PRIMARY KEY,
    email          varchar(254) NOT NULL,
    password_hash  varchar(100),
    display_name   varchar(120) NOT NULL,
    platform_admin boolean      NOT NULL DEFAULT false,
    last_tenant_id uuid,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    version        bigint       NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

--changeset flowmeter:identity-memberships
CREATE TABLE memberships (
    id         uuid PRIMARY KEY,
    tenant_id  uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       varchar(16) NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'BUILDER', 'OPERATOR', 'VIEWER')),
    created_at timestamptz NOT NULL DEFAULT now(),
    version    bigint      NOT NULL DEFAULT 0,
    CONSTRAINT memberships_tenant_user_unique UNIQUE (tenant_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

--changeset flowmeter:identity-invitations
CREATE TABLE invitations (
    id          uuid PRIMARY KEY,
    tenant_id   uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email       varchar(254) NOT NULL,
    role        varchar(16)  NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'BUILDER', 'OPERATOR', 'VIEWER')),
    token_hash  varchar(64)  NOT NULL,
    invited_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    expires_at  timestamptz  NOT NULL,
    accepted_at timestamptz,
    revoked_at  timestamptz,
    CONSTRAINT invitations_token_unique UNIQUE (token_hash)
);
CREATE INDEX invitations_tenant ON invitations (tenant_id);

--changeset flowmeter:identity-api-keys
CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    tenant_id    uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name         varchar(80)  NOT NULL,
    key_prefix   varchar(16)  NOT NULL,
    key_hash     varchar(64)  NOT NULL,
    created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    CONSTRAINT api_keys_hash_unique UNIQUE (key_hash)
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

--changeset flowmeter:identity-row-level-security
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON memberships
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invitations
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
