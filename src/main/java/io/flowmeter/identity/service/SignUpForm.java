package io.flowmeter.identity.service;

/** What a new customer enters to create their organization and owner account. */
public record SignUpForm(String displayName, String email, String password, String organizationName, String slug) {
}
