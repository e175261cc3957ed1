package io.flowmeter.identity.security;

import java.io.Serializable;
import java.util.UUID;

/** A REST call authenticated by a tenant API key. */
public record ApiKeyPrincipal(UUID keyId, UUID tenantId, String keyName) implements TenantBound, Serializable {
}
