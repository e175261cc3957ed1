package io.flowmeter.workflow;

import com.vaadin.flow.component.Component;
import io.flowmeter.workflow.domain.WorkflowDefinition;

import java.util.UUID;

/**
 * What the trigger module shows about how a workflow starts, on the Workflows list and in the builder's trigger
 * panel: the webhook address to copy, a schedule's next fire times, a poll's last check. The trigger module
 * implements it; the workflow screens only place the component.
 */
public interface WorkflowTriggers {

    /**
     * The live state of {@code trigger} (a node of the draft or of the published version) of the workflow, for a
     * person who {@code mayEdit} it or not.
     */
    Component panel(UUID workflowId, WorkflowDefinition.Node trigger, boolean published, boolean paused, boolean mayEdit);
}
