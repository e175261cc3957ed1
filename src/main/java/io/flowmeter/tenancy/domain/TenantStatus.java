package io.flowmeter.tenancy.domain;

public enum TenantStatus {
    ACTIVE,
    /** Members cannot sign in or call the API; all data is kept. */
    SUSPENDED
}
