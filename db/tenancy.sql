--liquibase formatted sql

--changeset flowmeter:tenancy-tenants
CREATE TABLE tenants (
    id                 uuid PRIMARY KEY,
    name               varchar(120) NOT NULL,
    slug               varchar(63)  NOT NULL,
    status             varchar(16)  NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
    max_workflows      integer      NOT NULL CHECK (max_workflows >= 0),
    max_runs_per_month integer      NOT NULL CHECK (max_runs_per_month >= 0),
    max_connections    integer      NOT NULL CHECK (max_connections >= 0),
    max_members        integer      NOT NULL CHECK (max_members >= 1),
    created_at         timestamptz  NOT NULL DEFAULT now(),
    version            bigint       NOT NULL DEFAULT 0,
    CONSTRAINT tenants_slug_unique UNIQUE (slug)
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (id = flowmeter_current_tenant() OR flowmeter_platform_scope());

-- What a deleted organization left outside the cascading foreign keys (secrets in Vault, JobRunr's jobs) and is still
-- to be removed: written in the deletion's transaction, removed once every purge succeeded. The platform's alone.
--changeset flowmeter:tenancy-purges
CREATE TABLE tenant_purges (
    tenant_id    uuid PRIMARY KEY,
    slug         varchar(63)  NOT NULL,
    requested_at timestamptz  NOT NULL DEFAULT now(),
    attempts     integer      NOT NULL DEFAULT 0,
    last_error   varchar(500)
);
ALTER TABLE tenant_purges ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_purges FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_only ON tenant_purges
    USING (flowmeter_platform_scope())
    WITH CHECK (flowmeter_platform_scope());
