package io.flowmeter.ui;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextField;
import io.flowmeter.admin.ui.TenantsAdminView;
import io.flowmeter.identity.ui.SettingsView;
import io.flowmeter.identity.ui.SignUpView;
import io.flowmeter.identity.service.AccountService;
import io.flowmeter.shell.ui.DashboardView;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

/** Each screen of the foundation, rendered and driven without a browser. */
class ViewsTest extends KaribuTest {

    @Autowired AccountService accounts;
    @Autowired io.flowmeter.workflow.service.WorkflowService workflows;
    @Autowired io.flowmeter.engine.service.RunService runs;
    @Autowired io.flowmeter.support.RunCompletions completions;
    @Autowired com.fasterxml.jackson.databind.ObjectMapper json;
    @Autowired io.flowmeter.connection.service.ConnectionService connections;

    @Test
    void anonymousVisitorsAreSentToTheLoginForm() {
        // access control sends the browser to /login (a page redirect, followed by the end-to-end tests)
        UI.getCurrent().navigate("settings");
        assertThat(_find(Grid.class)).isEmpty();
        UI.getCurrent().navigate("login");
        _get(LoginForm.class);
    }

    @Test
    void signUpShowsFieldErrorsAndCreatesNothingForBadInput() {
        UI.getCurrent().navigate(SignUpView.class);
        _setValue(_get(TextField.class, spec -> spec.withId("signup-name")), "Ada");
        _setValue(_get(EmailField.class, spec -> spec.withId("signup-email")), "ada@");
        _setValue(_get(PasswordField.class, spec -> spec.withId("signup-password")), "short");
        _setValue(_get(TextField.class, spec -> spec.withId("signup-organization")), "Ada Labs");
        assertThat(_get(TextField.class, spec -> spec.withId("signup-slug")).getValue()).isEqualTo("ada-labs");
        _click(_get(Button.class, spec -> spec.withId("signup-submit")));
        assertThat(_get(EmailField.class, spec -> spec.withId("signup-email")).isInvalid()).isTrue();
        assertThat(_get(EmailField.class, spec -> spec.withId("signup-email")).getErrorMessage()).contains("valid email");
        assertThat(accounts.emailTaken("ada@")).isFalse();
    }

    @Test
    void signUpWithGoodInputCreatesTheAccount() {
        String unique = "karibu-" + UUID.randomUUID().toString().substring(0, 8);
        UI.getCurrent().navigate(SignUpView.class);
        _setValue(_get(TextField.class, spec -> spec.withId("signup-name")), "Grace Hopper");
        _setValue(_get(EmailField.class, spec -> spec.withId("signup-email")), unique + "@example.com");
        _setValue(_get(PasswordField.class, spec -> spec.withId("signup-password")), "correct-horse-42");
        _setValue(_get(TextField.class, spec -> spec.withId("signup-organization")), "Org " + unique);
        _click(_get(Button.class, spec -> spec.withId("signup-submit")));
        assertThat(accounts.emailTaken(unique + "@example.com")).isTrue();
    }

    @Test
    void dashboardWelcomesMembersWithoutMadeUpNumbers() {
        Owner owner = data.newTenant("dash");
        signIn(owner.authentication());
        UI.getCurrent().navigate(DashboardView.class);
        assertThat(_get(H2.class).getText()).contains("Welcome to " + owner.principal().tenantName());
        assertThat(_find(SideNavItem.class)).extracting(SideNavItem::getLabel).contains("Dashboard", "Settings")
                .doesNotContain("Admin · Tenants");
    }

    @Test
    void settingsListMembersAndCreateApiKeysShownOnce() {
        Owner owner = data.newTenant("settings");
        signIn(owner.authentication());
        UI.getCurrent().navigate(SettingsView.class);
        @SuppressWarnings("unchecked")
        Grid<Object> members = _find(Grid.class).get(0);
        assertThat(GridKt._size(members)).isEqualTo(1);

        _get(TabSheet.class).setSelectedIndex(2);
        _click(_get(Button.class, spec -> spec.withId("create-api-key")));
        _setValue(_get(TextField.class, spec -> spec.withId("api-key-name")), "Zapier bridge");
        _click(_get(Button.class, spec -> spec.withId("api-key-create")));
        String shown = _get(TextField.class, spec -> spec.withId("api-key-value")).getValue();
        assertThat(shown).startsWith("fmk_");
        _get(Dialog.class).close();
        _get(TabSheet.class).setSelectedIndex(0);

        _click(_get(Button.class, spec -> spec.withId("invite-member")));
        _setValue(_get(EmailField.class, spec -> spec.withId("invite-email")), "colleague@example.com");
        _click(_get(Button.class, spec -> spec.withId("invite-send")));
        assertThat(_get(TextField.class, spec -> spec.withId("invite-link")).getValue()).contains("/invite/inv_");
    }

    @Test
    void membersWithoutAdminRightsCannotOpenSettings() {
        Owner owner = data.newTenant("viewer-ui");
        signIn(TestData.withRole(owner, io.flowmeter.identity.domain.Role.VIEWER));
        UI.getCurrent().navigate("settings");
        assertThat(_find(SettingsView.class)).isEmpty();
        _get(io.flowmeter.shell.ui.AccessDeniedView.class);
        UI.getCurrent().navigate(DashboardView.class);
        assertThat(_find(SideNavItem.class)).extracting(SideNavItem::getLabel).doesNotContain("Settings", "Audit log");
    }

    @Test
    void theWorkflowsScreenShowsTriggersAndRunsAWorkflowWithInput() throws Exception {
        Owner owner = data.newTenant("workflows-ui");
        signIn(owner.authentication());
        UI.getCurrent().navigate(io.flowmeter.workflow.ui.WorkflowsView.class);
        _get(H3.class, spec -> spec.withText("No workflows yet"));

        var scheduled = workflows.create(json.readValue("""
                {"name": "Morning digest", "nodes": [
                  {"id": "t", "type": "trigger.schedule", "params": {"cron": "0 9 * * *", "timezone": "Europe/Berlin"}}], "edges": []}
                """, io.flowmeter.workflow.domain.WorkflowDefinition.class));
        workflows.publish(scheduled.getId());
        var manual = workflows.create(json.readValue("""
                {"name": "Greeter", "nodes": [{"id": "t", "type": "trigger.manual", "params": {"sampleInput": {"name": "Ada"}}},
                  {"id": "hi", "type": "core.transform", "params": {"value": {"greeting": "Hi {{trigger.name}}"}}}],
                 "edges": [{"from": "t", "to": "hi"}]}
                """, io.flowmeter.workflow.domain.WorkflowDefinition.class));
        workflows.publish(manual.getId());
        UI.getCurrent().navigate(io.flowmeter.workflow.ui.WorkflowsView.class);
        @SuppressWarnings("unchecked")
        Grid<io.flowmeter.workflow.domain.Workflow> grid = _get(Grid.class);
        assertThat(GridKt._size(grid)).isEqualTo(2);

        // the schedule shows its next five fire times
        grid.select(workflows.get(scheduled.getId()));
        assertThat(_get(com.vaadin.flow.component.html.UnorderedList.class, spec -> spec.withId("workflow-next-fires")).getChildren().count())
                .isEqualTo(5);

        // Run with an input form: bad JSON is refused in place, a good one starts a run
        grid.select(workflows.get(manual.getId()));
        _click(_get(Button.class, spec -> spec.withId("workflow-run")));
        var input = _get(com.vaadin.flow.component.textfield.TextArea.class, spec -> spec.withId("run-input"));
        assertThat(input.getValue()).contains("\"name\" : \"Ada\"");
        _setValue(input, "{oops");
        _click(_get(Button.class, spec -> spec.withId("run-start")));
        assertThat(input.isInvalid()).isTrue();
        _setValue(input, "{\"name\": \"Grace\"}");
        _click(_get(Button.class, spec -> spec.withId("run-start")));
        var started = runs.list(manual.getId(), null, false, null, 10).items();
        assertThat(started).hasSize(1);
        completions.await(started.get(0).id(), java.time.Duration.ofSeconds(10));
        assertThat(runs.get(started.get(0).id()).steps()).filteredOn(st -> st.step().nodeId().equals("hi")).singleElement()
                .satisfies(st -> assertThat(st.step().output()).contains("Hi Grace"));

        // pause stops the triggers
        _click(_get(Button.class, spec -> spec.withId("workflow-pause")));
        assertThat(workflows.get(manual.getId()).isPaused()).isTrue();
        NotificationsKt.clearNotifications();
    }

    @Test
    void membersAnswerApprovalsOnTheApprovalsScreen() throws Exception {
        Owner owner = data.newTenant("approver");
        signIn(owner.authentication());
        var definition = json.readValue("""
                {"name": "Payout", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "ok", "type": "core.approval", "params": {"message": "Pay {{trigger.amount}} EUR?"}},
                  {"id": "pay", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "ok"}, {"from": "ok", "to": "pay", "condition": "{{steps.ok.output.approved}}"}]}
                """, io.flowmeter.workflow.domain.WorkflowDefinition.class);
        var workflow = workflows.create(definition);
        workflows.publish(workflow.getId());
        var run = runs.start(workflow.getId(), java.util.Map.of("amount", 250), "manual");
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        while (runs.pendingApprovals().isEmpty() && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        UI.getCurrent().navigate(io.flowmeter.engine.ui.ApprovalsView.class);
        @SuppressWarnings("unchecked")
        Grid<Object> grid = _get(Grid.class);
        assertThat(GridKt._size(grid)).isEqualTo(1);
        assertThat(_find(SideNavItem.class)).extracting(SideNavItem::getLabel).contains("Approvals");
        var decision = (com.vaadin.flow.component.Component) GridKt._getCellComponent(grid, 0, "decision");
        _click(_get(decision, Button.class, spec -> spec.withText("Approve")));
        _setValue(_get(com.vaadin.flow.component.textfield.TextArea.class, spec -> spec.withId("approval-comment")), "within budget");
        _click(_get(Button.class, spec -> spec.withId("approval-confirm")));
        completions.await(run, java.time.Duration.ofSeconds(10));
        var details = runs.get(run);
        assertThat(details.run().status().name()).isEqualTo("SUCCEEDED");
        assertThat(details.steps()).filteredOn(st -> st.step().nodeId().equals("ok")).singleElement()
                .satisfies(st -> assertThat(st.step().output()).contains(owner.user().getEmail()).contains("within budget"));
        assertThat(GridKt._size(grid)).isZero();
    }

    @Test
    void adminsCreateAndDeleteConnectionsOnTheHub() {
        Owner owner = data.newTenant("hub");
        signIn(owner.authentication());
        UI.getCurrent().navigate(io.flowmeter.connection.ui.ConnectionsView.class);
        _get(H3.class, spec -> spec.withText("No connections yet"));
        _click(_get(Button.class, spec -> spec.withId("new-connection")));
        _click(_get(Button.class, spec -> spec.withId("connection-save")));
        assertThat(_get(TextField.class, spec -> spec.withId("connection-name")).isInvalid()).isTrue();
        _setValue(_get(TextField.class, spec -> spec.withId("connection-name")), "Billing API");
        _setValue(_get(PasswordField.class, spec -> spec.withId("connection-token")), "tok_hub_secret_value");
        _click(_get(Button.class, spec -> spec.withId("connection-save")));
        @SuppressWarnings("unchecked")
        Grid<Object> grid = _get(Grid.class);
        assertThat(GridKt._size(grid)).isEqualTo(1);
        assertThat(connections.list()).singleElement().satisfies(c -> assertThat(c.getName()).isEqualTo("Billing API"));
        // filters: nothing matches, then the connection again
        _setValue(_get(TextField.class, spec -> spec.withId("connection-search")), "nothing like it");
        assertThat(GridKt._size(grid)).isZero();
        _get(com.vaadin.flow.component.html.Div.class, spec -> spec.withText("No connection matches these filters."));
        _setValue(_get(TextField.class, spec -> spec.withId("connection-search")), "billing");
        assertThat(GridKt._size(grid)).isEqualTo(1);
        // the details panel says who uses it; delete is there
        grid.select(GridKt._get(grid, 0));
        _get(com.vaadin.flow.component.html.Paragraph.class, spec -> spec.withText("No workflow uses this connection yet."));
        _click(_get(Button.class, spec -> spec.withId("connection-delete")));
        com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt._fireConfirm(_get(com.vaadin.flow.component.confirmdialog.ConfirmDialog.class));
        assertThat(connections.list()).isEmpty();
    }

    @Test
    void platformAdminsCreateTenantsFromTheAdminScreen() {
        signIn(data.platformAdmin());
        UI.getCurrent().navigate(TenantsAdminView.class);
        assertThat(_find(SideNavItem.class)).extracting(SideNavItem::getLabel).containsExactly("Admin · Tenants", "Admin · Audit log");
        String slug = "karibu-admin-" + UUID.randomUUID().toString().substring(0, 6);
        _click(_get(Button.class, spec -> spec.withId("new-tenant")));
        _setValue(_get(TextField.class, spec -> spec.withId("tenant-name")), "Karibu Admin Co");
        _setValue(_get(TextField.class, spec -> spec.withId("tenant-slug")), slug);
        _setValue(_get(EmailField.class, spec -> spec.withId("tenant-owner")), "owner-" + slug + "@example.com");
        _click(_get(Button.class, spec -> spec.withId("tenant-create")));
        _setValue(_get(TextField.class, spec -> spec.withId("tenant-search")), slug);
        @SuppressWarnings("unchecked")
        Grid<Object> grid = _get(Grid.class);
        assertThat(GridKt._size(grid)).isEqualTo(1);
        NotificationsKt.clearNotifications();
    }
}
