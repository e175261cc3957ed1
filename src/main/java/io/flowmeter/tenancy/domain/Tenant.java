package io.flowmeter.tenancy.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "tenants")
public class Tenant {

    @Id
    private UUID id;
    private String name;
    private String slug;
    @Enumerated(EnumType.STRING)
    private TenantStatus status;
    @Embedded
    private Plan plan;
    @Column(name = "created_at", updatable = false)
    private Instant createdAt;
    @Version
    private Long version;

    protected Tenant() {
    }

    public Tenant(UUID id, String name, Slug slug, Plan plan) {
        this.id = id;
        this.name = name;
        this.slug = slug.value();
        this.plan = plan;
        this.status = TenantStatus.ACTIVE;
        this.createdAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getSlug() {
        return slug;
    }

    public TenantStatus getStatus() {
        return status;
    }

    public boolean isActive() {
        return status == TenantStatus.ACTIVE;
    }

    public Plan getPlan() {
        return plan;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void rename(String name) {
        this.name = name;
    }

    public void changePlan(Plan plan) {
        this.plan = plan;
    }

    public void suspend() {
        this.status = TenantStatus.SUSPENDED;
    }

    public void reactivate() {
        this.status = TenantStatus.ACTIVE;
    }
}
