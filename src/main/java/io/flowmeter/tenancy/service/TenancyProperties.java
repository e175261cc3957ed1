package io.flowmeter.tenancy.service;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Organizations' settings ({@code flowmeter.tenancy.*}).
 *
 * @param purgeInterval how often each node retries removing what a deleted organization left outside the database
 *                      (its secrets in Vault, its jobs) when the first attempt, right after the deletion, failed
 */
@ConfigurationProperties("flowmeter.tenancy")
public record TenancyProperties(@DefaultValue("5m") Duration purgeInterval) {
}
