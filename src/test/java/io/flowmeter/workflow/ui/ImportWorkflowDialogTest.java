package io.flowmeter.workflow.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import io.flowmeter.support.KaribuTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** Import from the Workflows screen: an n8n export with what was not imported listed, then the builder with its placeholders. */
class ImportWorkflowDialogTest extends KaribuTest {

    static byte[] file(String name) throws Exception {
        try (var in = ImportWorkflowDialogTest.class.getResourceAsStream("/n8n/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void anUploadedN8nFileListsWhatWasNotImportedAndOpensInTheBuilder() throws Exception {
        signIn(data.newTenant("import-view").authentication());
        UI.getCurrent().navigate(WorkflowsView.class);
        _click(_get(Button.class, spec -> spec.withId("workflow-import-first")));
        ImportWorkflowDialog dialog = _get(ImportWorkflowDialog.class);

        dialog.importBytes("broken.json", "{\"nodes\": ".getBytes(StandardCharsets.UTF_8));
        assertThat(_get(Paragraph.class, spec -> spec.withId("import-problem")).getText()).startsWith("broken.json is not JSON");
        dialog.importBytes("list.json", "[1]".getBytes(StandardCharsets.UTF_8));
        assertThat(_get(Paragraph.class, spec -> spec.withId("import-problem")).getText()).contains("a workflow file is a JSON object");
        dialog.importBytes("dupes.json", """
                {"nodes": [{"name": "A", "type": "n8n-nodes-base.noOp"}, {"name": "A", "type": "n8n-nodes-base.noOp"}], "connections": {}}"""
                .getBytes(StandardCharsets.UTF_8));
        assertThat(_get(Paragraph.class, spec -> spec.withId("import-problem")).getText()).contains("Two nodes are named 'A'");

        dialog.importBytes("orders.json", file("orders-1x.json"));
        assertThat(_find(Paragraph.class, spec -> spec.withId("import-problem"))).isEmpty(); // hidden
        assertThat(_get(Paragraph.class, spec -> spec.withId("import-summary")).getText())
                .isEqualTo("Imported “Large orders to Slack, the rest to the sheet”: 6 of 8 steps work as they are.");
        assertThat(_get(UnorderedList.class, spec -> spec.withId("import-unsupported")).getElement().getTextRecursively())
                .contains("Log the failure (placeholder): the n8n node type n8n-nodes-base.code has no Flowmeter equivalent")
                .contains("Tell #sales · credentials: n8n credentials are not imported");
        _click(_get(Button.class, spec -> spec.withId("import-open")));
        WorkflowBuilderView builder = _get(WorkflowBuilderView.class);
        assertThat(builder).isNotNull();
        assertThat(_get(Span.class, spec -> spec.withId("builder-problems")).getText()).endsWith("problems");
        assertThat(_get(Button.class, spec -> spec.withId("builder-publish")).isEnabled()).isFalse();
        assertThat(_get(Button.class, spec -> spec.withId("builder-publish")).getTooltip().getText()).startsWith("Fix the ");
        // the placeholder's panel says what it was and keeps the n8n node's parameters
        var canvas = builder.canvas();
        com.github.mvysny.kaributesting.v10.ElementUtilsKt._fireDomEvent(canvas.getElement(), new com.vaadin.flow.dom.DomEvent(canvas.getElement(),
                "fm-selection", elemental.json.Json.parse("{\"event.detail\": {\"nodes\": [\"log_the_failure\"], \"edges\": []}}")));
        assertThat(_get(Paragraph.class, spec -> spec.withId("step-placeholder")).getText())
                .startsWith("Imported from n8n (n8n-nodes-base.code), which Flowmeter has no equivalent for");
        assertThat(_get(com.vaadin.flow.component.textfield.TextArea.class, spec -> spec.withId("step-placeholder-parameters")).getValue())
                .contains("jsCode");
    }
}
