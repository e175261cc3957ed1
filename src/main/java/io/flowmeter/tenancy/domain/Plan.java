package io.flowmeter.tenancy.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** A tenant's quotas. */
@Embeddable
public record Plan(
        @Column(name = "max_workflows") @Min(0) @Max(1_000_000) int maxWorkflows,
        @Column(name = "max_runs_per_month") @Min(0) @Max(1_000_000_000) int maxRunsPerMonth,
        @Column(name = "max_connections") @Min(0) @Max(1_000_000) int maxConnections,
        @Column(name = "max_members") @Min(1) @Max(1_000_000) int maxMembers) {

    /** What a self-service sign-up gets. */
    public static final Plan FREE = new Plan(25, 10_000, 10, 10);
}
