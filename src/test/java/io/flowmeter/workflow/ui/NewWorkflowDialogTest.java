package io.flowmeter.workflow.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** "New workflow" offers blank, the template library (by category) and import; a template opens as a draft in the builder. */
class NewWorkflowDialogTest extends KaribuTest {

    @Autowired WorkflowService workflows;

    static final String DRAFT = """
            {"name": "Stripe payments to Sales and #sales",
             "nodes": [{"id": "payment", "type": "trigger.webhook", "name": "Payment succeeded", "params": {"methods": ["POST"]}},
                       {"id": "tell", "type": "slack.postMessage", "name": "Tell #sales",
                        "params": {"channel": "#sales", "text": "Payment {{trigger.body.data.object.id}}"}}],
             "edges": [{"from": "payment", "to": "tell"}]}""";

    @Test
    void aTemplateFromTheLibraryOpensAsADraftInTheBuilder() {
        signIn(data.newTenant("new-workflow").authentication());
        UI.getCurrent().navigate(WorkflowsView.class);
        _click(_get(Button.class, spec -> spec.withId("workflow-template-first")));
        _get(NewWorkflowDialog.class);
        assertThat(_find(Div.class, spec -> spec.withClasses("fm-template"))).hasSizeGreaterThanOrEqualTo(10);
        @SuppressWarnings("unchecked")
        Select<String> category = _get(Select.class, spec -> spec.withId("new-category"));
        category.setValue("finance");
        assertThat(_find(Div.class, spec -> spec.withClasses("fm-template"))).hasSize(2)
                .allMatch(card -> card.getElement().getTextRecursively().startsWith("Finance"));
        category.setValue("ops");
        _click(_get(Button.class, spec -> spec.withId("template-uptime-check")));
        assertThat(_find(NewWorkflowDialog.class)).isEmpty();
        _get(WorkflowBuilderView.class);
        assertThat(workflows.list(org.springframework.data.domain.PageRequest.of(0, 10)).getContent())
                .extracting(io.flowmeter.workflow.domain.Workflow::getName).containsExactly("Check a website every 5 minutes, alert Slack when it is down");
    }

    @Test
    void blankAndImportAreOfferedToo() {
        signIn(data.newTenant("new-workflow-blank").authentication());
        UI.getCurrent().navigate(WorkflowsView.class);
        _click(_get(Button.class, spec -> spec.withId("workflow-template-first")));
        _click(_get(Button.class, spec -> spec.withId("new-import")));
        _get(ImportWorkflowDialog.class);
        UI.getCurrent().navigate(WorkflowsView.class);
        _click(_get(Button.class, spec -> spec.withId("workflow-template-first")));
        _click(_get(Button.class, spec -> spec.withId("new-blank")));
        _get(WorkflowBuilderView.class);
    }

    @Test
    void describeItDraftsTheWorkflowWithTheModelAndOpensIt() throws Exception {
        signIn(data.newTenant("new-workflow-ai").authentication());
        try (var model = new io.flowmeter.support.ReplayServer()) {
            model.answerJson(200, io.flowmeter.support.ChatCompletions.answer(DRAFT));
            UI.getCurrent().navigate(WorkflowsView.class);
            _click(_get(Button.class, spec -> spec.withId("workflow-template-first")));
            var describe = _get(com.vaadin.flow.component.textfield.TextArea.class, spec -> spec.withId("new-describe"));
            _get(com.vaadin.flow.component.textfield.TextField.class, spec -> spec.withId("new-base-url")).setValue(model.url() + "/v1");
            _click(_get(Button.class, spec -> spec.withId("new-draft")));
            assertThat(describe.isInvalid()).isTrue();
            assertThat(describe.getErrorMessage()).isEqualTo("Describe what the workflow should do");
            describe.setValue("When a Stripe payment succeeds, add a row to our Sales sheet and tell #sales in Slack");
            _click(_get(Button.class, spec -> spec.withId("new-draft")));
            _get(WorkflowBuilderView.class);
            assertThat(workflows.list(org.springframework.data.domain.PageRequest.of(0, 10)).getContent())
                    .extracting(io.flowmeter.workflow.domain.Workflow::getName).containsExactly("Stripe payments to Sales and #sales");
        }
    }
}
