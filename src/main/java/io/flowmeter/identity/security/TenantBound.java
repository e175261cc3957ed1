package io.flowmeter.identity.security;

import org.jspecify.annotations.Nullable;

import java.util.UUID;

/** A principal that works for a tenant: a signed-in member or an API key. */
public interface TenantBound {

    @Nullable
    UUID tenantId();
}
