package io.flowmeter.workflow.service;

import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowmeter.identity.People;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.ValidationFailedException;
import io.flowmeter.shared.ValidationFailedException.Violation;
import io.flowmeter.tenancy.service.TenantService;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.domain.WorkflowRepository;
import io.flowmeter.workflow.domain.WorkflowVersion;
import io.flowmeter.workflow.domain.WorkflowVersionRepository;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Drafts and published versions of the current tenant's workflows. Every save is validated; publishing
 * freezes the draft as the next numbered version.
 */
@Service
public class WorkflowService {

    private static final String WRITE = "hasAnyRole('BUILDER', 'API')";
    private static final String READ = "hasAnyRole('VIEWER', 'API')";

    private final WorkflowRepository workflows;
    private final WorkflowVersionRepository versions;
    private final DefinitionValidator validator;
    private final TenantService tenants;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final People people;
    private final Audit audit;

    WorkflowService(WorkflowRepository workflows, WorkflowVersionRepository versions, DefinitionValidator validator,
                    TenantService tenants, TransactionTemplate tx, ObjectMapper json,
                    org.springframework.context.ApplicationEventPublisher events, People people, Audit audit) {
        this.audit = audit;
        this.people = people;
        this.events = events;
        this.workflows = workflows;
        this.versions = versions;
        this.validator = validator;
        this.tenants = tenants;
        this.tx = tx;
        this.json = json;
        this.pausedCache = triggerCache().build(key -> inTenant(key.tenantId(), () -> tx.execute(status -> find(key.workflowId()).isPaused())));
        this.latest = triggerCache().build(key -> inTenant(key.tenantId(), () -> loadLatest(key.workflowId())));
    }

    @PreAuthorize(WRITE)
    public Workflow create(WorkflowDefinition definition) {
        requireValid(definition);
        return tx.execute(status -> {
            requireRoom();
            return created(AuditAction.WORKFLOW_CREATED, workflows.save(new Workflow(definition.name().strip(), definition.description(),
                    write(definition), actor())), null);
        });
    }

    @PreAuthorize(WRITE)
    public Workflow update(UUID workflowId, WorkflowDefinition definition) {
        requireValid(definition);
        return tx.execute(status -> {
            Workflow workflow = find(workflowId);
            workflow.editDraft(definition.name().strip(), definition.description(), write(definition), actor());
            return workflow;
        });
    }

    /** A new, empty draft (the builder opens it); it has problems until it has a trigger, and cannot be published before. */
    @PreAuthorize(WRITE)
    public Workflow createDraft(String name) {
        String clean = workflowName(name);
        return tx.execute(status -> {
            requireRoom();
            return created(AuditAction.WORKFLOW_CREATED, workflows.save(new Workflow(clean, null,
                    write(new WorkflowDefinition(clean, null, List.of(), List.of())), actor())), null);
        });
    }

    /**
     * Saves the builder's draft, which may still have problems (they block publishing, not saving). {@code
     * expectedRevision} is the draft's revision when the editor loaded or last saved it: if someone saved since, the
     * save is refused with their name rather than overwriting their work.
     */
    @PreAuthorize(WRITE)
    public Workflow saveDraft(UUID workflowId, WorkflowDefinition definition, long expectedRevision) {
        String name = workflowName(definition.name());
        if (definition.nodesOrEmpty().size() > DefinitionValidator.MAX_NODES || definition.edgesOrEmpty().size() > DefinitionValidator.MAX_EDGES) {
            throw new InvalidInputException("nodes", "A workflow has at most " + DefinitionValidator.MAX_NODES
                    + " nodes and " + DefinitionValidator.MAX_EDGES + " edges");
        }
        return tx.execute(status -> {
            Workflow workflow = find(workflowId);
            if (workflow.getDraftRevision() != expectedRevision) {
                throw new DraftConflictException(people.displayName(workflow.getUpdatedBy(), "Someone"), workflow.getUpdatedAt());
            }
            workflow.editDraft(name, definition.description(), write(definition), actor());
            workflows.flush();
            return workflow;
        });
    }

    /**
     * A new draft from an imported definition, saved as it is: its problems (placeholders for what could not be
     * imported, parameters to fill in) block publishing, not saving, and the builder shows them.
     */
    @PreAuthorize(WRITE)
    public Workflow importDraft(WorkflowDefinition definition) {
        String name = workflowName(definition.name());
        if (definition.nodesOrEmpty().size() > DefinitionValidator.MAX_NODES || definition.edgesOrEmpty().size() > DefinitionValidator.MAX_EDGES) {
            throw new InvalidInputException("nodes", "A workflow has at most " + DefinitionValidator.MAX_NODES
                    + " nodes and " + DefinitionValidator.MAX_EDGES + " edges");
        }
        return tx.execute(status -> {
            requireRoom();
            return created(AuditAction.WORKFLOW_IMPORTED, workflows.save(new Workflow(name, definition.description(), write(definition), actor())),
                    Map.of("nodes", definition.nodesOrEmpty().size()));
        });
    }

    /** Makes an old version's definition the draft again (publishing it rolls back). */
    @PreAuthorize(WRITE)
    public Workflow restore(UUID workflowId, int number) {
        return tx.execute(status -> {
            Workflow workflow = find(workflowId);
            WorkflowVersion version = versions.findByWorkflowIdAndNumber(workflowId, number)
                    .orElseThrow(() -> new NotFoundException("Version " + number + " not found"));
            WorkflowDefinition old = read(version.getDefinition());
            workflow.editDraft(old.name() == null ? workflow.getName() : old.name().strip(), old.description(), version.getDefinition(), actor());
            workflows.flush();
            audit.record(AuditAction.WORKFLOW_RESTORED, workflowId, workflow.getName(), null, Map.of("version", number));
            return workflow;
        });
    }

    /** A copy of the draft as a new, unpublished workflow named "Copy of …". */
    @PreAuthorize(WRITE)
    public Workflow duplicate(UUID workflowId) {
        return tx.execute(status -> {
            Workflow original = find(workflowId);
            requireRoom();
            String name = workflowName(abbreviate("Copy of " + original.getName(), 120));
            WorkflowDefinition draft = read(original.getDraft());
            return created(AuditAction.WORKFLOW_CREATED, workflows.save(new Workflow(name, original.getDescription(),
                    write(draft.withName(name, draft.description())), actor())), Map.of("copyOf", workflowId.toString()));
        });
    }

    /** Deletes the workflow with its versions, runs and trigger state; its triggers stop. */
    @PreAuthorize(WRITE)
    public void delete(UUID workflowId) {
        tx.executeWithoutResult(status -> {
            Workflow workflow = find(workflowId);
            audit.record(AuditAction.WORKFLOW_DELETED, workflowId, workflow.getName(),
                    Map.of("name", workflow.getName(), "latestVersion", workflow.getLatestVersion() == null ? 0 : workflow.getLatestVersion()), null);
            workflows.delete(workflow);
            var key = new VersionKey(workflow.getTenantId(), workflowId);
            latest.invalidate(key);
            pausedCache.invalidate(key);
            changedAfterCommit(workflow);
        });
    }

    /** Everything that stands between a definition and publishing, per node (the builder shows it while drawing). */
    @PreAuthorize(READ)
    public List<Violation> check(WorkflowDefinition definition) {
        return tx.execute(status -> problems(definition));
    }

    /** The list's status filter. */
    public enum ListFilter { ALL, DRAFT, PUBLISHED, PAUSED }

    /** Workflows whose name contains {@code query}, in {@code filter}. */
    @PreAuthorize(READ)
    public Page<Workflow> search(String query, ListFilter filter, Pageable pageable) {
        String pattern = "%" + query.strip().toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return tx.execute(status -> workflows.search(pattern, filter.name(), pageable));
    }

    private void requireRoom() {
        int limit = tenants.current().getPlan().maxWorkflows();
        if (workflows.count() >= limit) {
            throw new ConflictException("Your plan allows " + limit + " workflows; delete one or ask for a bigger plan");
        }
    }

    private static String workflowName(@Nullable String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 120) {
            throw new InvalidInputException("name", clean.isEmpty() ? "Give the workflow a name" : "A name has at most 120 characters");
        }
        return clean;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    @PreAuthorize(WRITE)
    public WorkflowVersion publish(UUID workflowId) {
        return publish(workflowId, null);
    }

    /** Freezes the draft as the next version, with an optional note on what changed. */
    @PreAuthorize(WRITE)
    public WorkflowVersion publish(UUID workflowId, @Nullable String note) {
        return publish(workflowId, note, null);
    }

    /**
     * As above, from an editor who saw draft revision {@code expectedRevision}: if someone saved the draft since, it is
     * not published (it would publish work the editor never saw) and the refusal names who changed it.
     */
    @PreAuthorize(WRITE)
    public WorkflowVersion publish(UUID workflowId, @Nullable String note, @Nullable Long expectedRevision) {
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        if (cleanNote != null && cleanNote.length() > 500) {
            throw new InvalidInputException("note", "A version note has at most 500 characters");
        }
        return tx.execute(status -> {
            Workflow workflow = find(workflowId);
            if (expectedRevision != null && workflow.getDraftRevision() != expectedRevision) {
                throw new DraftConflictException(people.displayName(workflow.getUpdatedBy(), "Someone"), workflow.getUpdatedAt());
            }
            WorkflowDefinition draft = read(workflow.getDraft());
            List<Violation> problems = problems(draft);
            if (!problems.isEmpty()) {
                throw new ValidationFailedException("The draft has problems; fix them before publishing", problems);
            }
            int number = workflow.nextVersionNumber();
            workflow.published(number);
            latest.invalidate(new VersionKey(workflow.getTenantId(), workflowId));
            changedAfterCommit(workflow);
            Map<String, Object> after = new java.util.LinkedHashMap<>();
            after.put("version", number);
            if (cleanNote != null) {
                after.put("note", cleanNote);
            }
            audit.record(AuditAction.WORKFLOW_PUBLISHED, workflowId, workflow.getName(), null, after);
            return versions.save(new WorkflowVersion(workflowId, number, workflow.getDraft(), actor(), cleanNote));
        });
    }

    /** Pauses (or resumes) a workflow: while paused, its triggers start no runs; runs already going continue. */
    @PreAuthorize(WRITE)
    public Workflow setPaused(UUID workflowId, boolean paused) {
        return tx.execute(status -> {
            Workflow workflow = find(workflowId);
            if (workflow.isPaused() != paused) {
                workflow.setPaused(paused);
                audit.record(paused ? AuditAction.WORKFLOW_PAUSED : AuditAction.WORKFLOW_RESUMED, workflowId, workflow.getName());
                pausedCache.invalidate(new VersionKey(workflow.getTenantId(), workflowId));
                changedAfterCommit(workflow);
            }
            return workflow;
        });
    }

    private Workflow created(AuditAction action, Workflow workflow, @Nullable Map<String, Object> detail) {
        audit.record(action, workflow.getId(), workflow.getName(), null, detail);
        return workflow;
    }

    private void changedAfterCommit(Workflow workflow) {
        var event = new WorkflowChanged(workflow.getTenantId(), workflow.getId());
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        events.publishEvent(event);
                    }
                });
    }

    @PreAuthorize(READ)
    public Workflow get(UUID workflowId) {
        return tx.execute(status -> find(workflowId));
    }

    @PreAuthorize(READ)
    public Page<Workflow> list(Pageable pageable) {
        return tx.execute(status -> workflows.findAllByOrderByUpdatedAtDesc(pageable));
    }

    @PreAuthorize(READ)
    public List<WorkflowVersion> versions(UUID workflowId) {
        return tx.execute(status -> {
            find(workflowId);
            return versions.findAllByWorkflowIdOrderByNumberDesc(workflowId);
        });
    }

    /**
     * The latest published version; a workflow that was never published cannot run. Cached for 2 s per node
     * (publishing here clears it at once), because every run start asks.
     */
    public WorkflowVersion latestVersion(UUID workflowId) {
        var key = new VersionKey(io.flowmeter.tenancy.TenantContext.requireTenant(), workflowId);
        return latest.get(key);
    }

    private WorkflowVersion loadLatest(UUID workflowId) {
        return tx.execute(status -> {
            Workflow workflow = find(workflowId);
            if (workflow.getLatestVersion() == null) {
                throw new ConflictException("Publish the workflow before running it");
            }
            return versions.findByWorkflowIdAndNumber(workflowId, workflow.getLatestVersion()).orElseThrow();
        });
    }

    /** A cache load in the key's tenant: the caller's thread already is in it; a background refresh opens it. */
    private static <T> T inTenant(UUID tenantId, java.util.function.Supplier<T> load) {
        return io.flowmeter.tenancy.TenantContext.currentTenant().filter(tenantId::equals).isPresent()
                ? load.get() : io.flowmeter.tenancy.TenantContext.callAsTenant(tenantId, load);
    }

    private record VersionKey(UUID tenantId, UUID workflowId) {
    }

    /** Whether triggers may start runs: cached for 2 s per node like the latest version (pausing here clears it). */
    public boolean isPaused(UUID workflowId) {
        var key = new VersionKey(io.flowmeter.tenancy.TenantContext.requireTenant(), workflowId);
        return Boolean.TRUE.equals(pausedCache.get(key));
    }

    /*
     * Triggers read these on every request: an entry older than a second is reloaded in the background while the
     * current value keeps serving (so no request waits for the reload), and none is older than two seconds.
     */
    private final com.github.benmanes.caffeine.cache.LoadingCache<VersionKey, Boolean> pausedCache;
    private final com.github.benmanes.caffeine.cache.LoadingCache<VersionKey, WorkflowVersion> latest;

    private static com.github.benmanes.caffeine.cache.Caffeine<Object, Object> triggerCache() {
        return com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000)
                .refreshAfterWrite(java.time.Duration.ofSeconds(1)).expireAfterWrite(java.time.Duration.ofSeconds(2));
    }

    /**
     * The workflow's current name, for messages sent on the current tenant's behalf with nobody signed in (a failure
     * notification); empty when it is gone.
     */
    public Optional<String> name(UUID workflowId) {
        return tx.execute(status -> workflows.findById(workflowId).map(Workflow::getName));
    }

    /** The current names of those of {@code workflowIds} that still exist in the current tenant, in one query. */
    public Map<UUID, String> names(java.util.Collection<UUID> workflowIds) {
        if (workflowIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, String> names = new java.util.HashMap<>();
        tx.executeWithoutResult(status -> workflows.namesOf(workflowIds).forEach(row -> names.put((UUID) row[0], (String) row[1])));
        return names;
    }

    public Optional<WorkflowVersion> version(UUID versionId) {
        return tx.execute(status -> versions.findById(versionId));
    }

    public WorkflowDefinition definitionOf(Workflow workflow) {
        return read(workflow.getDraft());
    }

    public WorkflowDefinition definitionOf(WorkflowVersion version) {
        return read(version.getDefinition());
    }

    /** The validator's findings, and sub-workflow steps naming a workflow that does not exist in this organization. */
    private List<Violation> problems(@Nullable WorkflowDefinition definition) {
        List<Violation> problems = new java.util.ArrayList<>(validator.validate(definition));
        if (definition == null) {
            return problems;
        }
        for (WorkflowDefinition.Node node : definition.nodesOrEmpty()) {
            Object target = node.paramsOrEmpty().get("workflowId");
            if (!"core.subworkflow".equals(node.type()) || !(target instanceof String text) || text.contains("{{")) {
                continue; // a template is resolved per run, and checked then
            }
            UUID id = parseUuid(text);
            if (id == null) {
                problems.add(new Violation(node.id(), "params.workflowId", "'" + text + "' is not a workflow id"));
            } else if (workflows.findById(id).isEmpty()) {
                problems.add(new Violation(node.id(), "params.workflowId", "Workflow " + id + " does not exist in this organization"));
            }
        }
        return problems;
    }

    private static @Nullable UUID parseUuid(String text) {
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Workflow find(UUID workflowId) {
        return workflows.findById(workflowId).orElseThrow(() -> new NotFoundException("Workflow not found"));
    }

    private void requireValid(@Nullable WorkflowDefinition definition) {
        List<Violation> problems = problems(definition);
        if (!problems.isEmpty()) {
            throw new ValidationFailedException("The workflow definition is not valid", problems);
        }
    }

    private String write(WorkflowDefinition definition) {
        try {
            return json.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A definition is always JSON", e);
        }
    }

    private WorkflowDefinition read(String definition) {
        try {
            return json.readValue(definition, WorkflowDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored definition is not readable", e);
        }
    }

    private static @Nullable UUID actor() {
        return CurrentUser.get().map(FlowmeterPrincipal::userId).orElse(null);
    }
}
