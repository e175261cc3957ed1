package io.flowmeter.workflow.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.TenantId;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A workflow: its editable draft (definition JSON) and the number of its latest published version. */
@Entity
@Table(name = "workflows")
public class Workflow {

    @Id
    private UUID id;
    @TenantId
    @Column(name = "tenant_id")
    private UUID tenantId;
    private String name;
    private @Nullable String description;
    @JdbcTypeCode(SqlTypes.JSON)
    private String draft;
    @Column(name = "latest_version")
    private @Nullable Integer latestVersion;
    private boolean paused;
    @Column(name = "created_by")
    private @Nullable UUID createdBy;
    @Column(name = "created_at", updatable = false)
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "updated_by")
    private @Nullable UUID updatedBy;
    @Column(name = "draft_revision")
    private long draftRevision;
    @Version
    private @Nullable Long version;

    protected Workflow() {
    }

    public Workflow(String name, @Nullable String description, String draft, @Nullable UUID createdBy) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.description = description;
        this.draft = draft;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
        this.updatedBy = createdBy;
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getName() {
        return name;
    }

    public @Nullable String getDescription() {
        return description;
    }

    public String getDraft() {
        return draft;
    }

    public @Nullable Integer getLatestVersion() {
        return latestVersion;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void editDraft(String name, @Nullable String description, String draft, @Nullable UUID editor) {
        this.name = name;
        this.description = description;
        this.draft = draft;
        this.updatedAt = Instant.now();
        this.updatedBy = editor;
        this.draftRevision++;
    }

    /** How many times the draft was saved: an editor's save naming an older revision was made on a stale copy. */
    public long getDraftRevision() {
        return draftRevision;
    }

    public @Nullable UUID getCreatedBy() {
        return createdBy;
    }

    public @Nullable UUID getUpdatedBy() {
        return updatedBy;
    }


    public int nextVersionNumber() {
        return latestVersion == null ? 1 : latestVersion + 1;
    }

    public boolean isPaused() {
        return paused;
    }

    public void setPaused(boolean paused) {
        this.paused = paused;
        this.updatedAt = Instant.now();
    }

    public void published(int number) {
        this.latestVersion = number;
        this.updatedAt = Instant.now();
    }
}
