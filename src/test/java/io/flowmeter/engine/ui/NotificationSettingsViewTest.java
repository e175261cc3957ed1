package io.flowmeter.engine.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.RouteParameters;
import io.flowmeter.connection.ConnectionChoices;
import io.flowmeter.connection.domain.AuthKind;
import io.flowmeter.connection.service.ConnectionService;
import io.flowmeter.engine.notify.NotificationSettings;
import io.flowmeter.engine.notify.NotificationTargets;
import io.flowmeter.engine.notify.WorkflowNotification;
import io.flowmeter.engine.notify.WorkflowNotification.Mode;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.identity.ui.SettingsView;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.workflow.ui.WorkflowBuilderView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

/** The organization's default notifications (Settings) and a workflow's own (the builder), with their refusals. */
class NotificationSettingsViewTest extends KaribuTest {

    @Autowired NotificationSettings settings;
    @Autowired ConnectionService connections;
    @Autowired io.flowmeter.workflow.service.WorkflowService workflows;

    @Test
    void anAdminSetsTheDefaultAndEachMistakeIsShownOnItsField() {
        Owner owner = data.newTenant("notify-ui");
        signIn(owner.authentication());
        UUID slack = connections.create("slack", "Team Slack", AuthKind.BEARER, Map.of("token", "xoxb-ui-0123456789")).getId();

        UI.getCurrent().navigate(SettingsView.class);
        _get(TabSheet.class).setSelectedIndex(3);
        assertThat(_get(Anchor.class, spec -> spec.withId("settings-notifications")).getHref()).isEqualTo("settings/notifications");
        UI.getCurrent().navigate("settings/notifications");
        _get(NotificationSettingsView.class);

        TextArea emails = _get(TextArea.class, spec -> spec.withId("notify-emails"));
        _setValue(emails, "ops@example.com, nope");
        save();
        assertThat(emails.isInvalid()).isTrue();
        assertThat(emails.getErrorMessage()).contains("'nope' is not an email address");

        _setValue(emails, "Ops@Example.com\noncall@example.com");
        assertThat(_find(ComboBox.class, spec -> spec.withId("notify-slack-connection"))).as("shown for Slack only").isEmpty();
        _setValue(_get(Checkbox.class, spec -> spec.withId("notify-slack")), true);
        @SuppressWarnings("unchecked")
        ComboBox<ConnectionChoices.Choice> connection = _get(ComboBox.class, spec -> spec.withId("notify-slack-connection"));
        TextField channel = _get(TextField.class, spec -> spec.withId("notify-slack-channel"));
        save();
        assertThat(emails.isInvalid()).isFalse();
        assertThat(connection.isInvalid()).isTrue();
        assertThat(connection.getErrorMessage()).isEqualTo("Choose the Slack connection to post with");

        _setValue(connection, connection.getGenericDataView().getItems().filter(c -> c.id().equals(slack)).findFirst().orElseThrow());
        save();
        assertThat(connection.isInvalid()).isFalse();
        assertThat(channel.isInvalid()).isTrue();
        assertThat(channel.getErrorMessage()).isEqualTo("Name the channel to post to, e.g. #alerts");

        _setValue(channel, "#alerts");
        save();
        assertThat(channel.isInvalid()).isFalse();
        assertThat(settings.tenantDefault()).isEqualTo(new NotificationTargets(List.of("ops@example.com", "oncall@example.com"), slack, "#alerts"));

        UI.getCurrent().navigate(SettingsView.class);
        UI.getCurrent().navigate("settings/notifications");
        assertThat(_get(TextArea.class, spec -> spec.withId("notify-emails")).getValue()).isEqualTo("ops@example.com, oncall@example.com");
        assertThat(_get(TextField.class, spec -> spec.withId("notify-slack-channel")).getValue()).isEqualTo("#alerts");
    }

    @Test
    void aBuilderSetsAWorkflowsOwnNotificationsOrSwitchesThemOff() throws Exception {
        Owner owner = data.newTenant("notify-builder-ui");
        signIn(owner.authentication());
        settings.saveTenantDefault(new NotificationTargets(List.of("team@example.com"), null, null));
        UUID workflow = workflows.createDraft("Nightly export").getId();
        signIn(as(owner, Role.BUILDER));

        openDialog(workflow);
        @SuppressWarnings("unchecked")
        RadioButtonGroup<Mode> mode = _get(RadioButtonGroup.class, spec -> spec.withId("notify-mode"));
        assertThat(mode.getValue()).isEqualTo(Mode.DEFAULT);
        assertThat(mode.getItemLabelGenerator().apply(Mode.DEFAULT)).contains("team@example.com");
        assertThat(_find(Anchor.class, spec -> spec.withText("Change the organization's default"))).as("admins only").isEmpty();
        assertThat(_find(TextArea.class, spec -> spec.withId("notify-emails"))).as("shown for own targets only").isEmpty();

        _setValue(mode, Mode.OWN);
        TextArea emails = _get(TextArea.class, spec -> spec.withId("notify-emails"));
        save();
        assertThat(emails.isInvalid()).isTrue();
        assertThat(emails.getErrorMessage()).contains("Add an email address or a Slack channel, or switch notifications off");
        _setValue(emails, "nightly@example.com");
        save();
        assertThat(_find(Dialog.class)).as("closed once saved").isEmpty();
        assertThat(settings.forWorkflow(workflow)).isEqualTo(new WorkflowNotification(Mode.OWN,
                new NotificationTargets(List.of("nightly@example.com"), null, null)));

        openDialog(workflow);
        _setValue(_get(RadioButtonGroup.class, spec -> spec.withId("notify-mode")), Mode.OFF);
        save();
        assertThat(settings.forWorkflow(workflow).mode()).isEqualTo(Mode.OFF);

        UI.getCurrent().navigate("settings/notifications"); // the default is for admins: the shell's "no access" page
        _get(io.flowmeter.shell.ui.AccessDeniedView.class);
    }

    @Test
    void operatorsSeeAWorkflowsNotificationsReadOnly() {
        Owner owner = data.newTenant("notify-operator-ui");
        signIn(owner.authentication());
        UUID workflow = workflows.createDraft("Watched").getId();
        settings.saveForWorkflow(workflow, new WorkflowNotification(Mode.OWN, new NotificationTargets(List.of("watch@example.com"), null, null)));
        signIn(as(owner, Role.OPERATOR));

        openDialog(workflow);
        assertThat(_get(RadioButtonGroup.class, spec -> spec.withId("notify-mode")).isReadOnly()).isTrue();
        TextArea emails = _get(TextArea.class, spec -> spec.withId("notify-emails"));
        assertThat(emails.getValue()).isEqualTo("watch@example.com");
        assertThat(emails.isReadOnly()).isTrue();
        assertThat(_find(Button.class, spec -> spec.withId("notify-save"))).isEmpty();
        _get(Button.class, spec -> spec.withText("Close"));
    }

    private static void openDialog(UUID workflow) {
        UI.getCurrent().navigate(WorkflowBuilderView.class, new RouteParameters("id", workflow.toString()));
        _click(_get(Button.class, spec -> spec.withId("builder-notifications")));
        _get(Dialog.class);
    }

    private static void save() {
        _click(_get(Button.class, spec -> spec.withId("notify-save")));
    }

    private static UsernamePasswordAuthenticationToken as(Owner owner, Role role) {
        var principal = new FlowmeterPrincipal(owner.user().getId(), owner.user().getEmail(), "Member", false, owner.tenantId(),
                owner.principal().tenantName(), role, owner.principal().credentialsVersion());
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.authorities());
    }
}
