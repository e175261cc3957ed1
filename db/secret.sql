--liquibase formatted sql

-- Envelope encryption of the local secret store: each tenant's values are encrypted with the tenant's data key,
-- and data keys are stored only wrapped (encrypted) by a master key that never enters the database.
--changeset flowmeter:secret-data-keys
CREATE TABLE secret_data_keys (
    id            uuid PRIMARY KEY,
    tenant_id     uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    master_key_id varchar(32) NOT NULL,
    wrap_nonce    bytea       NOT NULL,
    wrapped_key   bytea       NOT NULL,
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX secret_data_keys_one_active ON secret_data_keys (tenant_id) WHERE active;

--changeset flowmeter:secret-values
CREATE TABLE secret_values (
    id          uuid PRIMARY KEY,
    tenant_id   uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        varchar(200) NOT NULL,
    version     integer      NOT NULL,
    data_key_id uuid         NOT NULL REFERENCES secret_data_keys (id),
    nonce       bytea        NOT NULL,
    ciphertext  bytea        NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT secret_values_version_unique UNIQUE (tenant_id, name, version)
);

--changeset flowmeter:secret-row-level-security
ALTER TABLE secret_data_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE secret_data_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON secret_data_keys
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
ALTER TABLE secret_values ENABLE ROW LEVEL SECURITY;
ALTER TABLE secret_values FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON secret_values
    USING (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
