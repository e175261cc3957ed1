package io.flowmeter.audit.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextField;
import io.flowmeter.audit.AuditEntry;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.service.ApiKeyService;
import io.flowmeter.identity.ui.SettingsView;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.service.TenantService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.mvysny.kaributesting.v10.GridKt._clickItem;
import static com.github.mvysny.kaributesting.v10.GridKt._getFormattedRow;
import static com.github.mvysny.kaributesting.v10.GridKt._size;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

/** The organization's audit log (filters, paging, details) and the platform's, and who may open them. */
class AuditLogViewTest extends KaribuTest {

    @Autowired ApiKeyService apiKeys;
    @Autowired TenantService tenants;

    @Test
    void anOwnerFiltersTheLogPagesThroughItAndOpensAnEntry() {
        Owner owner = data.newTenant("audit-ui");
        signIn(owner.authentication());
        TenantContext.runAsTenant(owner.tenantId(), () -> {
            for (int i = 0; i < AuditLogPanel.PAGE + 5; i++) {
                apiKeys.create("key " + i);
            }
            tenants.renameCurrent("Renamed for the log");
        });

        UI.getCurrent().navigate(SettingsView.class);
        _get(TabSheet.class).setSelectedIndex(3);
        assertThat(_get(Anchor.class, spec -> spec.withId("settings-audit")).getHref()).isEqualTo("settings/audit");
        UI.getCurrent().navigate("settings/audit");
        @SuppressWarnings("unchecked")
        Grid<AuditEntry> grid = _get(Grid.class, spec -> spec.withId("audit-grid"));
        assertThat(_size(grid)).isEqualTo(AuditLogPanel.PAGE);
        assertThat(_getFormattedRow(grid, 0)).contains(owner.user().getEmail(), "Changed organization settings", "Renamed for the log");
        Button more = _get(Button.class, spec -> spec.withId("audit-more"));
        _click(more);
        assertThat(_size(grid)).isEqualTo(AuditLogPanel.PAGE + 7); // 55 keys, the rename and the sign-up
        assertThat(more.isVisible()).isFalse();

        @SuppressWarnings("unchecked")
        Select<String> action = _get(Select.class, spec -> spec.withId("audit-action"));
        _setValue(action, "tenant.settings_changed");
        assertThat(_size(grid)).isEqualTo(1);
        _clickItem(grid, 0);
        assertThat(_get(Pre.class, spec -> spec.withId("audit-before")).getText()).contains("\"name\"").contains("Org audit-ui");
        assertThat(_get(Pre.class, spec -> spec.withId("audit-after")).getText()).contains("Renamed for the log");
        _click(_get(Button.class, spec -> spec.withId("audit-entry-close")));

        _setValue(action, AuditFilterBar.ANY);
        _setValue(_get(TextField.class, spec -> spec.withId("audit-object")), "key 7");
        assertThat(_size(grid)).isEqualTo(1);
        _setValue(_get(TextField.class, spec -> spec.withId("audit-object")), "no such thing");
        assertThat(_size(grid)).isZero();
        assertThat(grid.getEmptyStateText()).contains("Nothing matches these filters");
        assertThat(_find(Anchor.class, spec -> spec.withId("audit-export"))).hasSize(1);
    }

    @Test
    void buildersMayNotOpenItAndPlatformAdminsSeeThePlatformsLog() {
        Owner owner = data.newTenant("audit-ui-builder");
        signIn(TestData.withRole(owner, Role.BUILDER));
        UI.getCurrent().navigate("settings/audit");
        _get(io.flowmeter.shell.ui.AccessDeniedView.class);
        assertThat(_find(AuditLogView.class)).isEmpty();

        signIn(data.platformAdmin());
        UI.getCurrent().navigate("admin/audit");
        @SuppressWarnings("unchecked")
        Grid<AuditEntry> grid = _get(Grid.class, spec -> spec.withId("audit-grid"));
        _setValue(_get(TextField.class, spec -> spec.withId("audit-object")), owner.tenantId().toString());
        assertThat(_size(grid)).isEqualTo(1);
        assertThat(_getFormattedRow(grid, 0)).contains("Created an organization");
    }
}
