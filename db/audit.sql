--liquibase formatted sql

--changeset flowmeter:audit-events splitStatements:false
-- Who did what, when and from where. An organization's entries carry its tenant_id and are seen in its scope;
-- platform administration's (platform = true) carry the organization they concern, if any, and are seen in the
-- platform scope only. No foreign key: platform entries outlive the organization they are about, and an
-- organization's own entries leave with it through audit_forget_tenant. Written by the application in the
-- transaction of the change it describes, so an entry exists exactly when its change committed; never updated or
-- deleted by the application (the runtime and platform roles may not), only expired past the retention by
-- audit_expire. Row-level security is enabled but not forced: the roles the application connects as see an
-- organization's own entries (or, the platform role, all), and the owner, which the two functions run as, sees every
-- row. An organization's scope may write a platform entry about itself only (its creation happens in its scope).
CREATE TABLE audit_events (
    id          uuid          PRIMARY KEY,
    tenant_id   uuid,
    platform    boolean       NOT NULL DEFAULT false,
    at          timestamptz   NOT NULL DEFAULT clock_timestamp(),
    actor_kind  varchar(10)   NOT NULL CHECK (actor_kind IN ('USER', 'API_KEY', 'SYSTEM', 'ANONYMOUS')),
    actor_id    uuid,
    actor_name  varchar(320)  NOT NULL,
    ip          varchar(64),
    user_agent  varchar(400),
    action      varchar(48)   NOT NULL,
    object_type varchar(32)   NOT NULL,
    object_id   varchar(64),
    object_name varchar(300),
    before      jsonb,
    after       jsonb
);
CREATE INDEX audit_events_tenant_at ON audit_events (tenant_id, at DESC, id DESC);
CREATE INDEX audit_events_tenant_action_at ON audit_events (tenant_id, action, at DESC, id DESC);
CREATE INDEX audit_events_platform_at ON audit_events (at DESC, id DESC) WHERE platform;
CREATE INDEX audit_events_expiry ON audit_events (at);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_events
    USING ((NOT platform AND tenant_id = flowmeter_current_tenant()) OR flowmeter_platform_scope())
    WITH CHECK (tenant_id = flowmeter_current_tenant() OR flowmeter_platform_scope());
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${appRole}, ${platformRole};

-- Expires entries older than the retention, which may not be shorter than 30 days: the one way rows leave the log
-- (an organization's deletion aside). Runs as the owner; answers how many went.
CREATE FUNCTION audit_expire(keep interval) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    gone bigint;
BEGIN
    IF keep IS NULL OR keep < interval '30 days' THEN
        RAISE EXCEPTION 'audit entries are kept at least 30 days, not %', keep USING errcode = '22023';
    END IF;
    DELETE FROM audit_events WHERE at < clock_timestamp() - keep;
    GET DIAGNOSTICS gone = ROW_COUNT;
    RETURN gone;
END $$;
REVOKE ALL ON FUNCTION audit_expire(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_expire(interval) TO ${platformRole};

-- An organization being deleted takes its own entries with it; the platform's entries about it stay.
CREATE FUNCTION audit_forget_tenant(tenant uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    gone bigint;
BEGIN
    DELETE FROM audit_events WHERE tenant_id = tenant AND NOT platform;
    GET DIAGNOSTICS gone = ROW_COUNT;
    RETURN gone;
END $$;
REVOKE ALL ON FUNCTION audit_forget_tenant(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_forget_tenant(uuid) TO ${platformRole};
