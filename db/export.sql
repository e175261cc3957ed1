--liquibase formatted sql

-- An organization's data exports, asked for by its admins: built in the background (a JobRunr job) into a zip stored in
-- chunks, downloadable once (the chunks go with the download) and removed unread after flowmeter.export.keep.
--changeset flowmeter:export-tenant-exports
CREATE TABLE tenant_exports (
    id             uuid PRIMARY KEY,
    tenant_id      uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    status         varchar(12)  NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'READY', 'FAILED', 'DOWNLOADED', 'EXPIRED')),
    requested_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    requested_name varchar(254),
    requested_at   timestamptz  NOT NULL DEFAULT now(),
    step           varchar(120),
    steps_done     integer      NOT NULL DEFAULT 0,
    steps_total    integer      NOT NULL DEFAULT 0,
    finished_at    timestamptz,
    size_bytes     bigint,
    sha256         char(64),
    error          varchar(500),
    downloaded_at  timestamptz,
    downloaded_by  varchar(254)
);
CREATE INDEX tenant_exports_tenant ON tenant_exports (tenant_id, requested_at DESC);
CREATE INDEX tenant_exports_open ON tenant_exports (requested_at) WHERE status IN ('PENDING', 'RUNNING', 'READY');
ALTER TABLE tenant_exports ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_exports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_exports
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());

CREATE TABLE tenant_export_chunks (
    export_id uuid    NOT NULL REFERENCES tenant_exports (id) ON DELETE CASCADE,
    tenant_id uuid    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    data      bytea   NOT NULL,
    PRIMARY KEY (export_id, seq)
);
ALTER TABLE tenant_export_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_export_chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_export_chunks
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
