package io.flowmeter.engine.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.ElementUtilsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.dom.DomEvent;
import elemental.json.Json;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import io.flowmeter.workflow.ui.FlowCanvas;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** The run view draws a run's steps with their states, shows a failed step's error and re-runs it. */
class RunViewTest extends KaribuTest {

    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;
    @Autowired ObjectMapper json;

    @Test
    void aFailedRunShowsWhichStepFailedAndWhyAndCanBeRerun() throws Exception {
        var owner = data.newTenant("run-view");
        signIn(owner.authentication());
        var workflow = workflows.create(json.readValue("""
                {"name": "Fails", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "ok", "type": "core.transform", "params": {"value": {"a": 1}}},
                  {"id": "bad", "type": "core.transform", "params": {"value": {"b": "{{trigger.missing.deeper}}"}}}],
                 "edges": [{"from": "t", "to": "ok"}, {"from": "ok", "to": "bad"}]}""", WorkflowDefinition.class));
        workflows.publish(workflow.getId());
        UUID runId = runs.start(workflow.getId(), Map.of(), "manual");
        completions.await(runId, Duration.ofSeconds(10));

        UI.getCurrent().navigate("runs/" + runId);
        RunView view = _get(RunView.class);
        assertThat(view.stepStates()).contains("t:SUCCEEDED", "ok:SUCCEEDED", "bad:FAILED");
        assertThat(_get(Span.class, spec -> spec.withId("run-status")).getText()).isEqualTo("failed");

        var data = Json.createObject();
        data.put("event.detail", Json.parse("{\"nodes\": [\"bad\"]}"));
        var canvas = _get(FlowCanvas.class);
        ElementUtilsKt._fireDomEvent(canvas.getElement(), new DomEvent(canvas.getElement(), "fm-selection", data));
        assertThat(_get(Span.class, spec -> spec.withId("run-step-status")).getText()).startsWith("failed");
        assertThat(_find(Paragraph.class, spec -> spec.withId("run-step-error"))).singleElement()
                .satisfies(p -> assertThat(p.getText()).isNotBlank());

        _get(Button.class, spec -> spec.withId("run-rerun-start")).click();
        assertThat(runs.list(workflow.getId(), null, false, null, 5).items()).hasSize(2);

        // the runs list: newest first, filtered by status
        UI.getCurrent().navigate(RunsView.class);
        RunsView list = _get(RunsView.class);
        assertThat(list.shown()).extracting(r -> r.workflowId()).containsOnly(workflow.getId());
        assertThat(list.shown()).hasSize(2);
        @SuppressWarnings("unchecked")
        com.vaadin.flow.component.select.Select<String> status = _get(com.vaadin.flow.component.select.Select.class,
                spec -> spec.withId("runs-status"));
        status.setValue("SUCCEEDED");
        assertThat(list.shown()).isEmpty();
        assertThat(list.getElement().getTextRecursively()).contains("No runs here");
        status.setValue("FAILED");
        assertThat(list.shown()).extracting(r -> r.id()).contains(runId);
    }

    @Test
    void anUnknownRunIsNotFound() {
        var owner = data.newTenant("run-view-404");
        signIn(owner.authentication());
        UI.getCurrent().navigate("runs/" + UUID.randomUUID());
        assertThat(_get(RunView.class).getElement().getTextRecursively()).contains("Run not found");
        UI.getCurrent().navigate("runs/not-a-uuid");
        assertThat(_get(RunView.class).getElement().getTextRecursively()).contains("Run not found");
    }
}
