package io.flowmeter.admin.service;

import io.flowmeter.identity.domain.MembershipRepository;
import io.flowmeter.identity.service.ApiKeyService;
import io.flowmeter.identity.service.MemberService;
import io.flowmeter.identity.service.MemberService.Invite;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.domain.Plan;
import io.flowmeter.tenancy.domain.Tenant;
import io.flowmeter.tenancy.service.TenantService;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/** Use cases of the platform admin screen. */
@Service
@PreAuthorize("hasRole('PLATFORM_ADMIN')")
public class PlatformAdminService {

    /** How many days the tenants list sums value and usage over. */
    public static final int USAGE_DAYS = 30;

    /** A tenant with what it uses: members, and its runs and their value over the last {@link #USAGE_DAYS} days (null: none). */
    public record TenantRow(Tenant tenant, long members, io.flowmeter.analytics.TenantValues.@org.jspecify.annotations.Nullable Usage usage) {
    }

    /** A created tenant and, when its owner had no account yet, the owner's invitation. */
    public record CreatedTenant(Tenant tenant, Optional<Invite> ownerInvite) {
    }

    private final TenantService tenants;
    private final MemberService members;
    private final MembershipRepository memberships;
    private final ApiKeyService apiKeys;
    private final TransactionTemplate tx;
    private final io.flowmeter.analytics.TenantValues values;

    PlatformAdminService(TenantService tenants, MemberService members, MembershipRepository memberships,
                         ApiKeyService apiKeys, TransactionTemplate tx, io.flowmeter.analytics.TenantValues values) {
        this.values = values;
        this.tenants = tenants;
        this.members = members;
        this.memberships = memberships;
        this.apiKeys = apiKeys;
        this.tx = tx;
    }

    public Page<TenantRow> search(String query, Pageable pageable) {
        Page<Tenant> page = tenants.search(query, pageable);
        List<UUID> ids = page.getContent().stream().map(Tenant::getId).toList();
        Map<UUID, Long> counts = memberCounts(ids);
        Map<UUID, io.flowmeter.analytics.TenantValues.Usage> usage = values.lastDays(ids, USAGE_DAYS);
        return page.map(t -> new TenantRow(t, counts.getOrDefault(t.getId(), 0L), usage.get(t.getId())));
    }

    public long count() {
        return tenants.countAll();
    }

    public CreatedTenant create(String name, String slug, Plan plan, String ownerEmail) {
        AtomicReference<@Nullable String> inviteToken = new AtomicReference<>();
        Tenant tenant = tenants.create(name, slug, plan, created -> inviteToken.set(members.provisionOwner(ownerEmail)));
        String token = inviteToken.get();
        Optional<Invite> invite = token == null ? Optional.empty()
                : Optional.of(members.deliverOwnerInvite(token, tenant.getName()));
        return new CreatedTenant(tenant, invite);
    }

    public Tenant suspend(UUID tenantId) {
        Tenant suspended = tenants.suspend(tenantId);
        apiKeys.forgetVerified();
        return suspended;
    }

    public Tenant reactivate(UUID tenantId) {
        return tenants.reactivate(tenantId);
    }

    public Tenant changePlan(UUID tenantId, Plan plan) {
        return tenants.changePlan(tenantId, plan);
    }

    public void delete(UUID tenantId, String confirmationSlug) {
        tenants.delete(tenantId, confirmationSlug);
    }

    private Map<UUID, Long> memberCounts(List<UUID> tenantIds) {
        if (tenantIds.isEmpty()) {
            return Map.of();
        }
        return TenantContext.callAsPlatform(() -> tx.execute(status -> {
            Map<UUID, Long> counts = new HashMap<>();
            for (Object[] row : memberships.countByTenant(tenantIds)) {
                counts.put((UUID) row[0], (Long) row[1]);
            }
            return counts;
        }));
    }
}
