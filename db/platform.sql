--liquibase formatted sql

-- The runtime role. It logs in but owns nothing, so row-level security always applies to it.
-- runAlways keeps its password in step with FLOWMETER_DB_APP_PASSWORD.
--changeset flowmeter:platform-app-role runAlways:true runOnChange:true splitStatements:false
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${appRole}') THEN
        CREATE ROLE ${appRole} LOGIN PASSWORD '${appPassword}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    ELSE
        ALTER ROLE ${appRole} LOGIN PASSWORD '${appPassword}';
    END IF;
END $$;

--changeset flowmeter:platform-app-privileges
GRANT USAGE ON SCHEMA public TO ${appRole};
-- everything the schema owner creates from now on (our tables and JobRunr's) is usable by the runtime role
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${appRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${appRole};

-- The tenant a transaction works for, set per transaction (SET LOCAL semantics) by the application.
-- An unset or empty setting yields NULL, which matches no row.
--changeset flowmeter:platform-tenant-functions splitStatements:false
CREATE FUNCTION flowmeter_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
-- Platform scope: sign-in lookups and platform administration, opened explicitly in code.
CREATE FUNCTION flowmeter_platform_scope() RETURNS boolean
    LANGUAGE sql STABLE AS $$ SELECT coalesce(current_setting('app.platform_scope', true), '') = 'on' $$;

-- The platform role: the only way to see across tenants. Platform-scope work (sign-in lookups, recovery, webhook
-- intake, platform administration) runs on connections that log in as it, so the runtime role cannot widen its own
-- view: before, app.platform_scope was a setting any statement of the runtime role could set itself, and an SQL
-- injection would have crossed tenants with one set_config. It owns nothing and has no BYPASSRLS either; the
-- policies recognise it by name. runAlways keeps its password in step with FLOWMETER_DB_PLATFORM_PASSWORD.
--changeset flowmeter:platform-platform-role runAlways:true runOnChange:true splitStatements:false
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${platformRole}') THEN
        CREATE ROLE ${platformRole} LOGIN PASSWORD '${platformPassword}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    ELSE
        ALTER ROLE ${platformRole} LOGIN PASSWORD '${platformPassword}';
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    -- a role the database's administrator created and looks after: its password is theirs to set
    RAISE NOTICE 'Cannot set the password of role ${platformRole}; leaving it as it is';
END $$;

--changeset flowmeter:platform-platform-role-privileges
GRANT USAGE ON SCHEMA public TO ${platformRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${platformRole};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${platformRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${platformRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${platformRole};

-- Every policy asks this function; from now on it answers by who is connected, not by a setting.
--changeset flowmeter:platform-scope-by-role splitStatements:false
CREATE OR REPLACE FUNCTION flowmeter_platform_scope() RETURNS boolean
    LANGUAGE sql STABLE AS $$ SELECT current_user = '${platformRole}' $$;
