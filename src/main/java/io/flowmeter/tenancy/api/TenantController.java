package io.flowmeter.tenancy.api;

import io.flowmeter.tenancy.domain.Plan;
import io.flowmeter.tenancy.domain.Tenant;
import io.flowmeter.tenancy.service.TenantService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.UUID;

/** The tenant the calling API key belongs to. */
@RestController
@RequestMapping("/api/v1/tenant")
class TenantController {

    record TenantResponse(UUID id, String name, String slug, String status, Plan plan, Instant createdAt) {
        static TenantResponse of(Tenant tenant) {
            return new TenantResponse(tenant.getId(), tenant.getName(), tenant.getSlug(), tenant.getStatus().name(),
                    tenant.getPlan(), tenant.getCreatedAt());
        }
    }

    private final TenantService tenants;

    TenantController(TenantService tenants) {
        this.tenants = tenants;
    }

    @GetMapping
    TenantResponse current() {
        return TenantResponse.of(tenants.current());
    }
}
