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
