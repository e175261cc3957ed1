package io.flowmeter.engine.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.engine.service.RunStore.RunRow;
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

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** The runs list: filters from links and fields, steps done, live "new runs", and bulk retry with a counted confirmation. */
class RunsViewTest extends KaribuTest {

    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;
    @Autowired ObjectMapper json;

    @Test
    void filtersBulkRetryAndNewRuns() throws Exception {
        var owner = data.newTenant("runs-list");
        signIn(owner.authentication());
        var orders = workflows.create(json.readValue("""
                {"name": "Orders", "businessKey": "{{trigger.order}}",
                 "nodes": [{"id": "t", "type": "trigger.manual"}, {"id": "n", "type": "core.noop"}], "edges": [{"from": "t", "to": "n"}]}""",
                WorkflowDefinition.class));
        var breaks = workflows.create(json.readValue("""
                {"name": "Breaks", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "bad", "type": "core.transform", "params": {"value": {"b": "{{trigger.missing.deeper}}"}}}],
                 "edges": [{"from": "t", "to": "bad"}]}""", WorkflowDefinition.class));
        workflows.publish(orders.getId());
        workflows.publish(breaks.getId());
        UUID order7 = runs.start(orders.getId(), Map.of("order", "A-7"), "manual");
        UUID order8 = runs.start(orders.getId(), Map.of("order", "A-8"), "api");
        UUID failed1 = runs.start(breaks.getId(), Map.of(), "manual");
        UUID failed2 = runs.start(breaks.getId(), Map.of(), "manual");
        for (UUID id : new UUID[]{order7, order8, failed1, failed2}) {
            completions.await(id, Duration.ofSeconds(10));
        }

        // a link with a business key finds that order's run
        UI.getCurrent().navigate("runs", com.vaadin.flow.router.QueryParameters.simple(Map.of("key", "A-7")));
        RunsView list = _get(RunsView.class);
        assertThat(list.shown()).extracting(RunRow::id).containsExactly(order7);
        assertThat(list.filters().key.getValue()).isEqualTo("A-7");
        assertThat(com.github.mvysny.kaributesting.v10.GridKt._getFormattedRow(list.grid(), 0)).contains("A-7", "2 / 2", "Orders", "manual");

        list.filters().key.clear();
        list.filters().trigger.setValue("api");
        assertThat(list.shown()).extracting(RunRow::id).containsExactly(order8);
        list.filters().trigger.setValue(RunFilterBar.ALL);
        list.filters().to.setValue(LocalDate.now().minusDays(2));
        assertThat(list.shown()).isEmpty();
        assertThat(list.getElement().getTextRecursively()).contains("No runs match");
        list.filters().to.clear();
        assertThat(list.shown()).hasSize(4);

        // bulk retry of the whole filter (nothing selected): the confirmation counts the failed runs only
        list.filters().status.setValue("FAILED");
        assertThat(list.shown()).extracting(RunRow::id).containsExactlyInAnyOrder(failed1, failed2);
        list.filters().status.setValue(RunFilterBar.ALL);
        _get(Button.class, spec -> spec.withId("runs-bulk-retry")).click();
        ConfirmDialog confirm = _get(ConfirmDialog.class);
        assertThat(confirm.getElement().getProperty("header")).isEqualTo("Retry 2 runs?");
        assertThat(confirm.getElement().getProperty("message")).contains("matching the filter").contains("2 other runs are left as they are");
        com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt._fireConfirm(confirm);
        assertThat(runs.links(failed1).reruns()).hasSize(1);
        assertThat(runs.links(failed2).reruns()).hasSize(1);

        // a selection: cancel acts on the selected runs still going only
        list = _get(RunsView.class);
        list.grid().select(list.shown().stream().filter(r -> r.id().equals(order7)).findFirst().orElseThrow());
        _get(Button.class, spec -> spec.withId("runs-bulk-cancel")).click();
        assertThat(runs.get(order7).run().status().name()).isEqualTo("SUCCEEDED"); // nothing to cancel: no dialog, nothing done

        // a run started while the list is open is announced, not inserted
        int before = list.shown().size();
        completions.await(runs.start(orders.getId(), Map.of("order", "A-9"), "manual"), Duration.ofSeconds(10));
        long deadline = System.nanoTime() + 5_000_000_000L;
        Button fresh = _get(RunsView.class).getChildren().flatMap(c -> c.getChildren()).filter(c -> c.getId().orElse("").equals("runs-new"))
                .map(Button.class::cast).findFirst().orElseThrow();
        while (!fresh.isVisible() && System.nanoTime() < deadline) {
            MockVaadin.clientRoundtrip();
            Thread.sleep(20);
        }
        assertThat(fresh.getText()).endsWith("new run").startsWith("1");
        assertThat(list.shown()).hasSize(before);
        fresh.click();
        assertThat(list.shown()).hasSize(before + 1);
    }
}
