package io.flowmeter.shell.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.NavigationTrigger;
import com.vaadin.flow.router.RouterLink;
import io.flowmeter.admin.ui.TenantsAdminView;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.ui.SettingsView;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import org.junit.jupiter.api.Test;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** Unknown addresses and screens someone's role does not open show pages inside the app's frame. */
class ErrorPagesTest extends KaribuTest {

    /**
     * Opens {@code path} as a browser does when it is typed or bookmarked. (UI.navigate hands a path that matches no
     * server route to the client-side router, which in a browser asks the server again; here nothing would happen.)
     */
    private static void open(String path) {
        UI ui = UI.getCurrent();
        ui.getInternals().getRouter().navigate(ui, new Location(path), NavigationTrigger.PAGE_LOAD);
    }

    @Test
    void anUnknownAddressShowsNotFoundInsideTheShellWithAWayHome() {
        Owner owner = data.newTenant("not-found");
        signIn(owner.authentication());
        open("no-such-page/at/all");
        NotFoundView page = _get(NotFoundView.class);
        assertThat(page.getParent()).as("inside the app's layout").containsInstanceOf(MainLayout.class);
        assertThat(_get(page, H3.class).getText()).isEqualTo("Not found");
        assertThat(_get(page, Paragraph.class).getText()).contains("There is no page at /no-such-page/at/all");
        assertThat(_get(page, RouterLink.class).getHref()).isEmpty(); // the dashboard
        assertThat(page.getElement().getOuterHTML()).doesNotContain("Available routes").doesNotContain("settings");
    }

    @Test
    void aScreenTheRoleDoesNotOpenSaysSoInsideTheShell() {
        Owner owner = data.newTenant("no-access");
        signIn(TestData.withRole(owner, Role.VIEWER));
        UI.getCurrent().navigate(SettingsView.class);
        assertThat(_find(SettingsView.class)).isEmpty();
        AccessDeniedView page = _get(AccessDeniedView.class);
        assertThat(page.getParent()).containsInstanceOf(MainLayout.class);
        assertThat(_get(page, H3.class).getText()).isEqualTo("You do not have access");
        assertThat(_get(page, Paragraph.class).getText())
                .isEqualTo("Your role in " + owner.principal().tenantName() + " (Viewer) does not include this page. "
                        + "Ask an admin of your organization if you need it.");
        _get(page, RouterLink.class);
    }

    @Test
    void platformAdministrationIsClosedToEveryoneElseAndAdminLeadsThere() {
        Owner owner = data.newTenant("not-platform");
        signIn(owner.authentication());
        open("admin");
        _get(AccessDeniedView.class);
        open("admin/tenants");
        _get(AccessDeniedView.class);

        signIn(data.platformAdmin());
        open("admin");
        _get(TenantsAdminView.class);
    }
}
