package io.flowmeter.workflow.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.TenantId;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A published, numbered, immutable definition. Runs are pinned to one. */
@Entity
@Immutable
@Table(name = "workflow_versions")
public class WorkflowVersion {

    @Id
    private UUID id;
    @TenantId
    @Column(name = "tenant_id")
    private UUID tenantId;
    @Column(name = "workflow_id")
    private UUID workflowId;
    private int number;
    @JdbcTypeCode(SqlTypes.JSON)
    private String definition;
    @Column(name = "published_by")
    private @Nullable UUID publishedBy;
    @Column(name = "published_at")
    private Instant publishedAt;
    private @Nullable String note;

    protected WorkflowVersion() {
    }

    public WorkflowVersion(UUID workflowId, int number, String definition, @Nullable UUID publishedBy) {
        this(workflowId, number, definition, publishedBy, null);
    }

    public WorkflowVersion(UUID workflowId, int number, String definition, @Nullable UUID publishedBy, @Nullable String note) {
        this.note = note;
        this.id = UUID.randomUUID();
        this.workflowId = workflowId;
        this.number = number;
        this.definition = definition;
        this.publishedBy = publishedBy;
        this.publishedAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public UUID getWorkflowId() {
        return workflowId;
    }

    public int getNumber() {
        return number;
    }

    public String getDefinition() {
        return definition;
    }

    public Instant getPublishedAt() {
        return publishedAt;
    }

    public @Nullable UUID getPublishedBy() {
        return publishedBy;
    }

    public @Nullable String getNote() {
        return note;
    }
}
