package io.flowmeter.engine.ui;

import io.flowmeter.connection.ConnectionChoices;
import io.flowmeter.engine.notify.NotificationSettings;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.workflow.WorkflowNotifications;

import java.util.UUID;

/** {@link WorkflowNotifications} for the builder: opens the workflow's notification dialog. */
@org.springframework.stereotype.Component
class WorkflowNotificationsLauncher implements WorkflowNotifications {

    private final NotificationSettings settings;
    private final ConnectionChoices connections;

    WorkflowNotificationsLauncher(NotificationSettings settings, ConnectionChoices connections) {
        this.settings = settings;
        this.connections = connections;
    }

    @Override
    public void open(UUID workflowId, boolean mayEdit) {
        boolean admin = CurrentUser.get().map(p -> p.has(Role.ADMIN)).orElse(false);
        new WorkflowNotificationsDialog(settings, connections, workflowId, mayEdit, admin).open();
    }
}
