package io.flowmeter.analytics.ui;

import io.flowmeter.analytics.service.RoiService;
import io.flowmeter.workflow.WorkflowValue;
import org.springframework.stereotype.Component;

import java.util.UUID;

/** {@link WorkflowValue} for the builder: opens the workflow's value per run. */
@Component
class WorkflowValueLauncher implements WorkflowValue {

    private final RoiService roi;

    WorkflowValueLauncher(RoiService roi) {
        this.roi = roi;
    }

    @Override
    public void open(UUID workflowId, boolean mayEdit) {
        new WorkflowValueDialog(roi, workflowId, mayEdit).open();
    }
}
