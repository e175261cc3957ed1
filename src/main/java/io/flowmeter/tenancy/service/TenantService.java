package io.flowmeter.tenancy.service;

import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.tenancy.TenantDeleted;
import org.springframework.context.ApplicationEventPublisher;
import java.util.LinkedHashMap;
import java.util.Map;

import io.flowmeter.shared.Inputs;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.domain.Plan;
import io.flowmeter.tenancy.domain.Slug;
import io.flowmeter.tenancy.domain.Tenant;
import io.flowmeter.tenancy.domain.TenantRepository;
import jakarta.validation.Validator;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Tenant lifecycle. Methods open the tenant scope they need themselves and then run their transaction, as
 * {@link TenantContext} requires; platform-wide operations are for platform admins only.
 */
@Service
public class TenantService {

    private final TenantRepository tenants;
    private final TransactionTemplate tx;
    private final Validator validator;
    private final Audit audit;
    private final ApplicationEventPublisher events;

    TenantService(TenantRepository tenants, TransactionTemplate tx, Validator validator, Audit audit, ApplicationEventPublisher events) {
        this.audit = audit;
        this.events = events;
        this.tenants = tenants;
        this.tx = tx;
        this.validator = validator;
    }

    /**
     * Creates a tenant and, in the same transaction and tenant scope, whatever {@code alsoInTenant} adds
     * (its first owner). Refuses an invalid or taken slug.
     */
    public Tenant create(String name, String slug, Plan plan, Consumer<Tenant> alsoInTenant) {
        String cleanName = requireName(name);
        Slug validSlug = requireSlug(slug);
        requireValid(plan);
        UUID id = UUID.randomUUID();
        try {
            return TenantContext.callAsTenant(id, () -> tx.execute(status -> {
                Tenant tenant = tenants.saveAndFlush(new Tenant(id, cleanName, validSlug, plan));
                audit.platform(AuditAction.TENANT_CREATED, id, cleanName, null, describe(tenant));
                alsoInTenant.accept(tenant);
                return tenant;
            }));
        } catch (DataIntegrityViolationException e) {
            // row-level security hides other tenants' slugs from this transaction; the unique index does not
            if (String.valueOf(e.getMessage()).contains("tenants_slug_unique")) {
                throw slugTaken();
            }
            throw e;
        }
    }

    public boolean isSlugAvailable(String slug) {
        return Slug.problem(slug).isEmpty()
                && !TenantContext.callAsPlatform(() -> tx.execute(status -> tenants.existsBySlug(slug)));
    }

    /** The tenant the current scope works for. */
    public Tenant current() {
        UUID id = TenantContext.requireTenant();
        return tx.execute(status -> tenants.findById(id)).orElseThrow(() -> new NotFoundException("Tenant not found"));
    }

    /** Within the caller's (platform-scope) transaction: whether the tenant exists and is active. */
    public boolean isActive(UUID tenantId) {
        return tenants.findById(tenantId).map(Tenant::isActive).orElse(false);
    }

    /** Looked up by sign-in and API-key authentication, before any tenant scope exists. */
    public Optional<Tenant> findForSignIn(UUID tenantId) {
        return TenantContext.callAsPlatform(() -> tx.execute(status -> tenants.findById(tenantId)));
    }

    @PreAuthorize("hasRole('PLATFORM_ADMIN')")
    public Page<Tenant> search(String search, Pageable pageable) {
        return TenantContext.callAsPlatform(() -> tx.execute(status -> tenants.search(search.strip(), pageable)));
    }

    @PreAuthorize("hasRole('PLATFORM_ADMIN')")
    public long countAll() {
        return TenantContext.callAsPlatform(() -> tx.execute(status -> tenants.count()));
    }

    /** By slug, across tenants: for the demo seed and single sign-on's auto-join. */
    public Optional<Tenant> findForSignIn(String slug) {
        return TenantContext.callAsPlatform(() -> tx.execute(status -> tenants.findBySlug(slug)));
    }

    @PreAuthorize("hasRole('PLATFORM_ADMIN')")
    public Tenant suspend(UUID tenantId) {
        return update(tenantId, AuditAction.TENANT_SUSPENDED, Tenant::suspend);
    }

    @PreAuthorize("hasRole('PLATFORM_ADMIN')")
    public Tenant reactivate(UUID tenantId) {
        return update(tenantId, AuditAction.TENANT_REACTIVATED, Tenant::reactivate);
    }

    @PreAuthorize("hasRole('PLATFORM_ADMIN')")
    public Tenant changePlan(UUID tenantId, Plan plan) {
        requireValid(plan);
        return update(tenantId, AuditAction.TENANT_PLAN_CHANGED, tenant -> tenant.changePlan(plan));
    }

    /**
     * Deletes the tenant and, through the database's cascading foreign keys, every row it owns. The caller
     * must repeat the slug, so a mis-click cannot delete the wrong tenant.
     */
    @PreAuthorize("hasRole('PLATFORM_ADMIN')")
    public void delete(UUID tenantId, String confirmationSlug) {
        TenantContext.runAsPlatform(() -> tx.executeWithoutResult(status -> {
            Tenant tenant = tenants.findById(tenantId).orElseThrow(() -> new NotFoundException("Tenant not found"));
            if (!tenant.getSlug().equals(confirmationSlug == null ? "" : confirmationSlug.strip())) {
                throw new InvalidInputException("confirmation", "Type the slug \"" + tenant.getSlug() + "\" to confirm");
            }
            audit.platform(AuditAction.TENANT_DELETED, tenant.getId(), tenant.getName(), describe(tenant), null);
            events.publishEvent(new TenantDeleted(tenant.getId(), tenant.getSlug()));
            tenants.delete(tenant);
        }));
    }

    /** Renames the current tenant. */
    public Tenant renameCurrent(String name) {
        String cleanName = requireName(name);
        UUID id = TenantContext.requireTenant();
        return tx.execute(status -> {
            Tenant tenant = tenants.findById(id).orElseThrow(() -> new NotFoundException("Tenant not found"));
            String before = tenant.getName();
            tenant.rename(cleanName);
            if (!before.equals(cleanName)) {
                audit.record(AuditAction.TENANT_SETTINGS_CHANGED, id, cleanName, Map.of("name", before), Map.of("name", cleanName));
            }
            return tenant;
        });
    }

    private Tenant update(UUID tenantId, AuditAction action, Consumer<Tenant> change) {
        return TenantContext.callAsPlatform(() -> tx.execute(status -> {
            Tenant tenant = tenants.findById(tenantId).orElseThrow(() -> new NotFoundException("Tenant not found"));
            Map<String, Object> before = describe(tenant);
            change.accept(tenant);
            Map<String, Object> after = describe(tenant);
            if (!before.equals(after)) {
                audit.platform(action, tenantId, tenant.getName(), before, after);
            }
            return tenant;
        }));
    }

    /** What the platform's log keeps of an organization. */
    private static Map<String, Object> describe(Tenant tenant) {
        Plan plan = tenant.getPlan();
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("name", tenant.getName());
        described.put("slug", tenant.getSlug());
        described.put("status", tenant.getStatus().name());
        described.put("maxWorkflows", plan.maxWorkflows());
        described.put("maxRunsPerMonth", plan.maxRunsPerMonth());
        described.put("maxConnections", plan.maxConnections());
        described.put("maxMembers", plan.maxMembers());
        return described;
    }

    private void requireValid(Plan plan) {
        var violations = validator.validate(plan);
        if (!violations.isEmpty()) {
            var violation = violations.iterator().next();
            throw new InvalidInputException(violation.getPropertyPath().toString(), violation.getMessage());
        }
    }

    private static String requireName(String name) {
        return Inputs.requireText("name", name, 120, "Enter a name");
    }

    private static Slug requireSlug(String slug) {
        String clean = slug == null ? "" : slug.strip();
        Slug.problem(clean).ifPresent(problem -> {
            throw new InvalidInputException("slug", problem);
        });
        return new Slug(clean);
    }

    private static InvalidInputException slugTaken() {
        return new InvalidInputException("slug", "This slug is already taken");
    }
}
