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
}
