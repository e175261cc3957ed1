package io.flowmeter.tenancy;

import io.flowmeter.identity.domain.ApiKeyRepository;
import io.flowmeter.identity.domain.MembershipRepository;
import io.flowmeter.identity.service.ApiKeyService;
import io.flowmeter.support.IntegrationTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.tenancy.domain.TenantRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both locks of tenant isolation: Hibernate's tenant filter and PostgreSQL row-level security. */
class TenantIsolationIT extends IntegrationTest {

    @Autowired TestData data;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired MembershipRepository memberships;
    @Autowired TenantRepository tenants;
    @Autowired ApiKeyRepository apiKeyRepository;
    @Autowired ApiKeyService apiKeys;

    Owner a;
    Owner b;

    @BeforeEach
    void twoTenants() {
        a = data.newTenant("iso-a");
        b = data.newTenant("iso-b");
        TestData.signInAs(b);
        TenantContext.runAsTenant(b.tenantId(), () -> apiKeys.create("b's key"));
    }

    @Test
    void theRuntimeRoleOwnsNothingAndCannotBypassRowLevelSecurity() {
        var role = jdbc.queryForMap("select rolsuper, rolbypassrls from pg_roles where rolname = current_user");
        assertThat(role).containsEntry("rolsuper", false).containsEntry("rolbypassrls", false);
        Integer owned = jdbc.queryForObject("select count(*) from pg_tables where schemaname = 'public' and tableowner = current_user", Integer.class);
        assertThat(owned).isZero();
    }

    @Test
    void withoutATenantEveryTenantOwnedTableLooksEmpty() {
        for (String table : List.of("tenants", "memberships", "invitations", "api_keys")) {
            Integer rows = tx.execute(status -> jdbc.queryForObject("select count(*) from " + table, Integer.class));
            assertThat(rows).as(table).isZero();
            // and outside any transaction too (autocommit connection, no setting at all)
            assertThat(jdbc.queryForObject("select count(*) from " + table, Integer.class)).as(table).isZero();
        }
        List<?> allMemberships = tx.execute(status -> memberships.findAll());
        List<?> allTenants = tx.execute(status -> tenants.findAll());
        assertThat(allMemberships).isEmpty();
        assertThat(allTenants).isEmpty();
    }

    @Test
    void tenantACannotReadTenantBsRowsEvenWithNativeSql() {
        TenantContext.runAsTenant(a.tenantId(), () -> tx.executeWithoutResult(status -> {
            assertThat(jdbc.queryForList("select tenant_id from memberships", UUID.class)).containsOnly(a.tenantId());
            assertThat(jdbc.queryForObject("select count(*) from memberships where tenant_id = ?", Integer.class, b.tenantId())).isZero();
            assertThat(jdbc.queryForObject("select count(*) from api_keys", Integer.class)).isZero();
            assertThat(jdbc.queryForObject("select count(*) from tenants where id = ?", Integer.class, b.tenantId())).isZero();
            assertThat(jdbc.queryForList("select id from tenants", UUID.class)).containsExactly(a.tenantId());
            // Hibernate's filter agrees
            assertThat(memberships.findAll()).extracting(m -> m.getTenantId()).containsOnly(a.tenantId());
            assertThat(apiKeyRepository.findAll()).isEmpty();
        }));
        TenantContext.runAsTenant(b.tenantId(), () -> tx.executeWithoutResult(status ->
                assertThat(apiKeyRepository.findAll()).hasSize(1)));
    }

    @Test
    void tenantACannotWriteIntoOrChangeTenantB() {
        TenantContext.runAsTenant(a.tenantId(), () -> {
            assertThatThrownBy(() -> tx.executeWithoutResult(status -> jdbc.update(
                    "insert into memberships (id, tenant_id, user_id, role) values (?, ?, ?, 'VIEWER')",
                    UUID.randomUUID(), b.tenantId(), a.user().getId())))
                    .rootCause().hasMessageContaining("row-level security");
            Integer changed = tx.execute(status -> jdbc.update("update tenants set name = 'hijacked' where id = ?", b.tenantId()));
            assertThat(changed).isZero();
            Integer deleted = tx.execute(status -> jdbc.update("delete from memberships where tenant_id = ?", b.tenantId()));
            assertThat(deleted).isZero();
        });
    }

    @Test
    void theSettingDoesNotLeakFromOneTransactionIntoTheNext() {
        TenantContext.runAsTenant(a.tenantId(), () -> tx.executeWithoutResult(status ->
                assertThat(jdbc.queryForObject("select count(*) from tenants", Integer.class)).isEqualTo(1)));
        // the pool hands out the same connections; the tenant setting was transaction-local
        for (int i = 0; i < 20; i++) {
            Integer visible = tx.execute(status -> jdbc.queryForObject("select count(*) from tenants", Integer.class));
            assertThat(visible).isZero();
        }
    }

    @Test
    void aScopeCannotBeOpenedInsideATransaction() {
        assertThatThrownBy(() -> TenantContext.runAsTenant(a.tenantId(), () -> tx.executeWithoutResult(status ->
                TenantContext.runAsTenant(b.tenantId(), () -> { }))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theRuntimeRoleCannotOpenThePlatformScopeByItself() {
        TenantContext.runAsTenant(a.tenantId(), () -> tx.executeWithoutResult(status -> {
            // what an SQL injection would try: the setting that used to open the platform scope, and a role switch
            jdbc.queryForObject("select set_config('app.platform_scope', 'on', true)", String.class);
            assertThat(jdbc.queryForObject("select count(*) from tenants where id = ?", Integer.class, b.tenantId())).isZero();
            assertThat(jdbc.queryForObject("select count(*) from memberships where tenant_id = ?", Integer.class, b.tenantId())).isZero();
            assertThat(jdbc.queryForObject("select flowmeter_platform_scope()", Boolean.class)).isFalse();
        }));
        assertThatThrownBy(() -> TenantContext.runAsTenant(a.tenantId(), () -> tx.executeWithoutResult(status ->
                jdbc.execute("set local role flowmeter_platform")))).rootCause().hasMessageContaining("permission denied");
        // the platform scope itself is a different role's connection, and sees both
        TenantContext.runAsPlatform(() -> tx.executeWithoutResult(status -> {
            assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo("flowmeter_platform");
            assertThat(jdbc.queryForObject("select count(*) from tenants where id in (?, ?)", Integer.class, a.tenantId(), b.tenantId())).isEqualTo(2);
        }));
    }

    @Test
    void accountsAreVisibleToTheirTenantsOnlyAndTheRuntimeRoleCannotTakeThemOver() {
        assertThat(jdbc.queryForObject("select count(*) from users", Integer.class)).as("no scope").isZero();
        TenantContext.runAsTenant(a.tenantId(), () -> tx.executeWithoutResult(status -> {
            assertThat(jdbc.queryForList("select id from users", UUID.class)).containsExactly(a.user().getId());
            assertThat(jdbc.update("update users set password_hash = 'x' where id = ?", b.user().getId())).isZero();
            assertThat(jdbc.queryForObject("select flowmeter_user_id_by_email(?)", UUID.class, b.user().getEmail())).isEqualTo(b.user().getId());
        }));
        for (String change : List.of("password_hash = 'x'", "email = 'evil@example.com'", "platform_admin = true", "display_name = 'x'",
                "credentials_version = 99")) {
            assertThatThrownBy(() -> TenantContext.runAsTenant(a.tenantId(), () -> tx.executeWithoutResult(status ->
                    jdbc.update("update users set " + change + " where id = ?", a.user().getId()))))
                    .as(change).rootCause().hasMessageContaining("Only the platform scope may change");
        }
        assertThatThrownBy(() -> TenantContext.runAsTenant(a.tenantId(), () -> tx.executeWithoutResult(status -> jdbc.update(
                "insert into users (id, email, display_name, platform_admin) values (?, 'root@example.com', 'Root', true)", UUID.randomUUID()))))
                .rootCause().hasMessageContaining("row-level security");
        TenantContext.runAsTenant(a.tenantId(), () -> tx.executeWithoutResult(status ->
                assertThat(jdbc.update("update users set last_tenant_id = ? where id = ?", a.tenantId(), a.user().getId())).isEqualTo(1)));
    }
}
