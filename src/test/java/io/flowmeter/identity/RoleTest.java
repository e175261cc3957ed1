package io.flowmeter.identity;

import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RoleTest {

    @Test
    void eachRoleIncludesTheLessPowerfulOnes() {
        assertThat(Role.OWNER.implied()).containsExactly(Role.values());
        assertThat(Role.ADMIN.implied()).containsExactly(Role.ADMIN, Role.BUILDER, Role.OPERATOR, Role.VIEWER);
        assertThat(Role.VIEWER.implied()).containsExactly(Role.VIEWER);
        assertThat(Role.BUILDER.includes(Role.ADMIN)).isFalse();
        assertThat(Role.ADMIN.canManageMembers()).isTrue();
        assertThat(Role.BUILDER.canManageMembers()).isFalse();
    }

    @Test
    void principalsCarryExpandedAuthorities() {
        var admin = new FlowmeterPrincipal(UUID.randomUUID(), "a@example.com", "A", false, UUID.randomUUID(), "T", Role.ADMIN, 0);
        assertThat(admin.authorities()).extracting(Object::toString)
                .contains("ROLE_ADMIN", "ROLE_BUILDER", "ROLE_VIEWER").doesNotContain("ROLE_OWNER", "ROLE_PLATFORM_ADMIN");
        var platform = new FlowmeterPrincipal(UUID.randomUUID(), "p@example.com", "P", true, null, null, null, 0);
        assertThat(platform.authorities()).extracting(Object::toString).contains("ROLE_PLATFORM_ADMIN").doesNotContain("ROLE_VIEWER");
    }
}
