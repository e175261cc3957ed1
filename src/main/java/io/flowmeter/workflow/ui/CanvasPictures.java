package io.flowmeter.workflow.ui;

import io.flowmeter.workflow.domain.WorkflowDefinition;
import org.springframework.stereotype.Component;

import java.util.List;

/** Read-only pictures of a definition for other screens that show the canvas (the run view colours its steps). */
@Component
public class CanvasPictures {

    private final StepCatalog catalog;

    CanvasPictures(StepCatalog catalog) {
        this.catalog = catalog;
    }

    /** The definition as the builder draws it, read only and without validation messages. */
    public CanvasGraph readOnly(WorkflowDefinition definition) {
        return new DraftModel(definition, catalog, d -> List.of()).graph(true);
    }
}
