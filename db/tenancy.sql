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
