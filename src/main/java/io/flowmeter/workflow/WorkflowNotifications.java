package io.flowmeter.workflow;

import java.util.UUID;

/**
 * Who hears about a workflow's failed runs, set from the builder. Notifications are operational, not part of the
 * versioned definition: the engine keeps them and implements this; the builder only offers the button.
 */
public interface WorkflowNotifications {

    /** Opens the workflow's notification setting, editable for a person who {@code mayEdit} the workflow. */
    void open(UUID workflowId, boolean mayEdit);
}
