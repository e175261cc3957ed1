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

-- Accounts are global, but the runtime role sees only the members of the current tenant; sign-in, sign-up and
-- other account lookups run in the platform scope, and the function below answers "whose account
-- has this email" in any scope without exposing a row. It may insert an account joining the current tenant (never a platform
-- admin) and, for its members, change nothing but the last tenant they used (the trigger): an SQL injection can
-- neither list every account's email and password hash nor take an account over or make itself platform admin.
-- ENABLE without FORCE, so that the schema owner — the functions' definer — is not subject to it.
--changeset flowmeter:identity-users-row-level-security splitStatements:false
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY platform_scope ON users
    USING (flowmeter_platform_scope())
    WITH CHECK (flowmeter_platform_scope());
CREATE POLICY tenant_members ON users FOR SELECT
    USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.tenant_id = flowmeter_current_tenant()));
CREATE POLICY tenant_members_update ON users FOR UPDATE
    USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.tenant_id = flowmeter_current_tenant()))
    WITH CHECK (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.tenant_id = flowmeter_current_tenant()));
CREATE POLICY tenant_joins ON users FOR INSERT
    WITH CHECK (flowmeter_current_tenant() IS NOT NULL AND NOT platform_admin);

CREATE FUNCTION flowmeter_users_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_user = '${appRole}' AND (NEW.id <> OLD.id OR NEW.email IS DISTINCT FROM OLD.email
            OR NEW.password_hash IS DISTINCT FROM OLD.password_hash OR NEW.platform_admin IS DISTINCT FROM OLD.platform_admin
            OR NEW.display_name IS DISTINCT FROM OLD.display_name) THEN
        RAISE EXCEPTION 'Only the platform scope may change an account''s email, password, name or platform role'
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER users_guard BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION flowmeter_users_guard();

CREATE FUNCTION flowmeter_user_id_by_email(address text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT id FROM users WHERE lower(email) = lower(address) $$;
REVOKE ALL ON FUNCTION flowmeter_user_id_by_email(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION flowmeter_user_id_by_email(text) TO ${appRole}, ${platformRole};

-- A membership the runtime role adds makes an account visible to it, so an SQL injection could add one for any
-- account (its id is one function call away): the runtime role therefore reads every column of an account but the
-- password hash. It still writes the hash of an account it creates (invitations), which it can never read back.
--changeset flowmeter:identity-users-password-hash-unreadable
REVOKE SELECT ON users FROM ${appRole};
GRANT SELECT (id, email, display_name, platform_admin, last_tenant_id, created_at, version) ON users TO ${appRole};

--changeset flowmeter:identity-users-credentials-version splitStatements:false
-- Bumped whenever an account's password changes: a session signed in under an older value is signed out on its next
-- request (the session re-check compares it), so a new password ends every other session, on every node. The runtime
-- role may not change it (the guard, replaced here with the new column in its list), and need not read it.
ALTER TABLE users ADD COLUMN credentials_version bigint NOT NULL DEFAULT 0;
CREATE OR REPLACE FUNCTION flowmeter_users_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_user = '${appRole}' AND (NEW.id <> OLD.id OR NEW.email IS DISTINCT FROM OLD.email
            OR NEW.password_hash IS DISTINCT FROM OLD.password_hash OR NEW.platform_admin IS DISTINCT FROM OLD.platform_admin
            OR NEW.display_name IS DISTINCT FROM OLD.display_name
            OR NEW.credentials_version IS DISTINCT FROM OLD.credentials_version) THEN
        RAISE EXCEPTION 'Only the platform scope may change an account''s email, password, name or platform role'
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;

--changeset flowmeter:identity-password-resets
-- Password reset links. Asked for before anyone signs in, so they are platform-scoped like sign-in itself: only the
-- platform role reads or writes them, the runtime role holds no privilege on the table at all (the default privileges
-- would have granted it some), and row-level security admits the platform scope only, as a second lock. Only the
-- SHA-256 of a link's token is stored.
CREATE TABLE password_resets (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash varchar(64) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz,
    CONSTRAINT password_resets_token_unique UNIQUE (token_hash)
);
CREATE INDEX password_resets_user ON password_resets (user_id);
ALTER TABLE password_resets ENABLE ROW LEVEL SECURITY;
ALTER TABLE password_resets FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_scope ON password_resets
    USING (flowmeter_platform_scope())
    WITH CHECK (flowmeter_platform_scope());
REVOKE ALL ON password_resets FROM ${appRole};
