package io.flowmeter.workflow;

import java.util.UUID;

/**
 * What one successful run of a workflow is worth (minutes saved, an outcome value) with the evidence behind it, set from
 * the builder. Versioned assumptions, not part of the definition: ROI analytics keeps them and implements this; the
 * builder only offers the button.
 */
public interface WorkflowValue {

    /** Opens the workflow's value per run, editable for a person who {@code mayEdit} the workflow. */
    void open(UUID workflowId, boolean mayEdit);
}
