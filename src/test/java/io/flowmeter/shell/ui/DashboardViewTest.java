package io.flowmeter.shell.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard counts the organization's runs and lists what needs someone, each tile linking to its list. */
class DashboardViewTest extends KaribuTest {

    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;
    @Autowired ObjectMapper json;

    @Test
    void aNewOrganizationGetsAWelcomeAndNoNumbers() {
        var owner = data.newTenant("dash-empty");
        signIn(owner.authentication());
        UI.getCurrent().navigate(DashboardView.class);
        assertThat(_get(DashboardView.class).getElement().getTextRecursively()).contains("No automations yet", "Build your first workflow");
        assertThat(_find(Tile.class)).isEmpty();
    }

    @Test
    void runsFailuresAndApprovalsAreCountedAndLinked() throws Exception {
        var owner = data.newTenant("dash-runs");
        signIn(owner.authentication());
        var ok = workflows.create(json.readValue("""
                {"name": "Fine", "nodes": [{"id": "t", "type": "trigger.manual"}, {"id": "n", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "n"}]}""", WorkflowDefinition.class));
        var bad = workflows.create(json.readValue("""
                {"name": "Breaks", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "bad", "type": "core.transform", "params": {"value": {"b": "{{trigger.missing.deeper}}"}}}],
                 "edges": [{"from": "t", "to": "bad"}]}""", WorkflowDefinition.class));
        var ask = workflows.create(json.readValue("""
                {"name": "Asks", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "ask", "type": "core.approval", "params": {"message": "Ship order {{trigger.order}}?"}}],
                 "edges": [{"from": "t", "to": "ask"}]}""", WorkflowDefinition.class));
        for (var w : new UUID[]{ok.getId(), bad.getId(), ask.getId()}) {
            workflows.publish(w);
        }
        completions.await(runs.start(ok.getId(), Map.of(), "manual"), Duration.ofSeconds(10));
        completions.await(runs.start(ok.getId(), Map.of(), "manual"), Duration.ofSeconds(10));
        UUID failed = runs.start(bad.getId(), Map.of(), "manual");
        completions.await(failed, Duration.ofSeconds(10));
        UUID waiting = runs.start(ask.getId(), Map.of("order", "A-7"), "manual");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (runs.pendingApprovals().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        UI.getCurrent().navigate(DashboardView.class);
        assertThat(_get(Span.class, spec -> spec.withId("tile-today-figure")).getText()).isEqualTo("4");
        assertThat(_get(Tile.class, spec -> spec.withId("tile-today")).getElement().getTextRecursively())
                .contains("67 % succeeded (2 of 3 finished)", "1 still running");
        assertThat(_get(Anchor.class, spec -> spec.withId("tile-today-link")).getHref()).isEqualTo("runs?from=" + LocalDate.now());
        assertThat(_get(Span.class, spec -> spec.withId("tile-parked-figure")).getText()).isEqualTo("1");
        assertThat(_get(Anchor.class, spec -> spec.withId("tile-parked-link")).getHref()).isEqualTo("runs?status=PARKED");
        assertThat(_get(Tile.class, spec -> spec.withId("tile-parked")).getElement().getTextRecursively()).contains("Breaks");
        assertThat(_get(Span.class, spec -> spec.withId("tile-approvals-figure")).getText()).isEqualTo("1");
        assertThat(_find(Anchor.class)).extracting(Anchor::getHref).contains("runs/" + waiting, "runs/" + failed);
        assertThat(_get(Tile.class, spec -> spec.withId("tile-approvals")).getElement().getTextRecursively()).contains("Ship order A-7?");
        assertThat(_get(Span.class, spec -> spec.withId("tile-connections-figure")).getText()).isEqualTo("0");
        assertThat(_get(Tile.class, spec -> spec.withId("tile-roi")).getElement().getTextRecursively()).contains("Not measured yet");
        assertThat(_get(com.vaadin.flow.component.html.Anchor.class, spec -> spec.withId("tile-roi-link")).getHref()).isEqualTo("roi");

        // retry the parked run from the dashboard: a new run starts and the original is no longer parked
        _get(Button.class, spec -> spec.withId("dashboard-retry-parked")).click();
        com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));
        assertThat(runs.get(failed).run().parked()).isFalse();
        assertThat(runs.links(failed).reruns()).hasSize(1);
        assertThat(_get(Span.class, spec -> spec.withId("tile-parked-figure")).getText()).isIn("0", "1"); // the re-run may fail again
    }
}
