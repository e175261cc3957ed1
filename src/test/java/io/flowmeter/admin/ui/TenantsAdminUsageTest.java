package io.flowmeter.admin.ui;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.tenancy.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

/** The platform admin's tenants list shows each tenant's runs and the value they saved over the last 30 days. */
class TenantsAdminUsageTest extends KaribuTest {

    @Autowired JdbcTemplate jdbc;

    @Test
    void eachTenantShowsItsRunsAndNetValueInItsCurrency() {
        var busy = data.newTenant("usage-busy");
        var idle = data.newTenant("usage-idle");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        TenantContext.runAsPlatform(() -> {
            String insert = """
                    insert into roi_daily (tenant_id, workflow_id, version_id, version_number, local_day, currency, runs, succeeded, failed,
                        minutes_saved, value_saved, cost) values (?, ?, ?, 1, ?, 'EUR', ?, ?, ?, ?, ?, ?)
                    """;
            jdbc.update(insert, busy.tenantId(), first, UUID.randomUUID(), today.minusDays(1), 900, 880, 20, 6000, new java.math.BigDecimal("2500.004"),
                    new java.math.BigDecimal("120.5"));
            jdbc.update(insert, busy.tenantId(), second, UUID.randomUUID(), today.minusDays(3), 100, 100, 0, 0, java.math.BigDecimal.ZERO,
                    new java.math.BigDecimal("10"));
            // older than 30 days: not counted
            jdbc.update(insert, busy.tenantId(), first, UUID.randomUUID(), today.minusDays(40), 5000, 5000, 0, 0, new java.math.BigDecimal("999"),
                    java.math.BigDecimal.ZERO);
        });
        signIn(data.platformAdmin());
        UI.getCurrent().navigate(TenantsAdminView.class);
        @SuppressWarnings("unchecked")
        Grid<Object> grid = _get(Grid.class);

        _setValue(_get(TextField.class, spec -> spec.withId("tenant-search")), busy.principal().tenantName());
        assertThat(GridKt._size(grid)).isEqualTo(1);
        assertThat(GridKt._getFormatted(grid, 0, "runs")).isEqualTo("1,000 · 98 % ok · 2 workflows");
        // 100 h saved; 2,500.00 saved - 130.50 costs
        assertThat(GridKt._getFormatted(grid, 0, "value")).isEqualTo("100.0 h · net 2,369.50 EUR");

        _setValue(_get(TextField.class, spec -> spec.withId("tenant-search")), idle.principal().tenantName());
        assertThat(GridKt._getFormatted(grid, 0, "runs")).isEqualTo("none");
        assertThat(GridKt._getFormatted(grid, 0, "value")).isEqualTo("—");
    }
}
