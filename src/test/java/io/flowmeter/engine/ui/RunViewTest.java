package io.flowmeter.engine.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.ElementUtilsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Div;
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
        assertThat(_get(Paragraph.class, spec -> spec.withId("run-step-advice")).getText()).isNotBlank();
        assertThat(_get(com.vaadin.flow.component.html.Pre.class, spec -> spec.withId("run-step-error")).getText()).isNotBlank();
        assertThat(_get(Paragraph.class, spec -> spec.withId("run-failure")).getText()).startsWith("Step “bad” failed.");
        // the timeline has a row per step that ran (the trigger is the run's start)
        assertThat(_get(RunTimeline.class).rows()).contains("ok", "bad").doesNotContain("t");
        // as one piece of HTML, with the step names escaped
        assertThat(_get(Div.class, spec -> spec.withId("run-timeline-rows")).getElement().getProperty("innerHTML"))
                .contains("data-node=\"bad\"").doesNotContain("<script");
        // the step's input, rendered from the run's data, does not render: the field it reads is missing
        assertThat(runs.input(runId, "bad").problem()).isNotBlank();
        assertThat(runs.input(runId, "ok").value()).isEqualTo(Map.of("value", Map.of("a", 1)));
        // one version only: no choice of version offered
        assertThat(_find(com.vaadin.flow.component.checkbox.Checkbox.class, spec -> spec.withId("run-rerun-latest"))).isEmpty();

        _get(Button.class, spec -> spec.withId("run-rerun-start")).click();
        assertThat(runs.list(workflow.getId(), null, false, null, 5).items()).hasSize(2);
        UUID rerun = runs.list(workflow.getId(), null, false, null, 5).items().get(0).id();
        assertThat(runs.links(rerun).rerunOf()).isEqualTo(runId);
        assertThat(runs.links(runId).reruns()).containsExactly(rerun);
        assertThat(_get(com.vaadin.flow.component.html.Anchor.class, spec -> spec.withId("run-link-original")).getHref())
                .isEqualTo("runs/" + runId);

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
        assertThat(list.getElement().getTextRecursively()).contains("No runs match");
        status.setValue("FAILED");
        assertThat(list.shown()).extracting(r -> r.id()).contains(runId);
    }

    @Test
    void anApprovalIsDecidedFromTheRunViewAndARunCanBePausedAndResumed() throws Exception {
        var owner = data.newTenant("run-view-approve");
        signIn(owner.authentication());
        var workflow = workflows.create(json.readValue("""
                {"name": "Approve", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "ask", "type": "core.approval", "params": {"message": "Refund {{trigger.amount}} EUR?"}},
                  {"id": "after", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "ask"}, {"from": "ask", "to": "after"}]}""", WorkflowDefinition.class));
        workflows.publish(workflow.getId());
        UUID runId = runs.start(workflow.getId(), Map.of("amount", 42), "manual");
        awaitState(runId, "ask:WAITING");

        UI.getCurrent().navigate("runs/" + runId);
        // a timeline row selects its step
        var rows = _get(Div.class, spec -> spec.withId("run-timeline-rows")).getElement();
        var click = Json.createObject();
        click.put(RunTimeline.ROW_OF_EVENT, "ask");
        ElementUtilsKt._fireDomEvent(rows, new DomEvent(rows, "click", click));
        assertThat(_get(Paragraph.class, spec -> spec.withId("run-step-approval-message")).getText()).isEqualTo("“Refund 42 EUR?”");

        _get(Button.class, spec -> spec.withId("run-pause")).click();
        assertThat(_get(Span.class, spec -> spec.withId("run-status")).getText()).isEqualTo("paused");
        _get(Button.class, spec -> spec.withId("run-resume")).click();
        assertThat(_get(Span.class, spec -> spec.withId("run-status")).getText()).isEqualTo("running");

        _get(com.vaadin.flow.component.textfield.TextArea.class, spec -> spec.withId("run-approval-comment")).setValue("ok by me");
        _get(Button.class, spec -> spec.withId("run-approve")).click();
        completions.await(runId, Duration.ofSeconds(10));
        var done = runs.get(runId);
        assertThat(done.run().status().name()).isEqualTo("SUCCEEDED");
        var ask = done.steps().stream().filter(st -> st.step().nodeId().equals("ask")).findFirst().orElseThrow();
        assertThat(ask.step().output()).contains("\"approved\": true").contains("ok by me");

        // the run's output: its tree is made when its section opens
        UI.getCurrent().navigate("runs/" + runId);
        var section = _get(com.vaadin.flow.component.details.Details.class, spec -> spec.withId("run-output-section"));
        assertThat(_find(JsonTree.class)).isEmpty();
        section.setOpened(true);
        assertThat(_find(JsonTree.class)).hasSize(1);
    }

    private void awaitState(UUID runId, String state) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (runs.get(runId).steps().stream().anyMatch(st -> (st.step().nodeId() + ":" + st.step().status()).equals(state))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("Never reached " + state);
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
