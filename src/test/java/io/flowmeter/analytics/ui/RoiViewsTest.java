package io.flowmeter.analytics.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextArea;
import io.flowmeter.analytics.domain.AssumptionKind;
import io.flowmeter.analytics.service.RoiService;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.support.RunCompletions;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** The ROI screens without a browser: the dashboard's figures, an empty period, a workflow's value, settings, restating. */
class RoiViewsTest extends KaribuTest {

    @Autowired WorkflowService workflows;
    @Autowired RunService runs;
    @Autowired RunCompletions completions;
    @Autowired RoiService roi;
    @Autowired ObjectMapper json;

    private UUID publishedWorkflow(String name) throws Exception {
        var workflow = workflows.create(json.readValue("""
                {"name": "%s", "nodes": [{"id": "t", "type": "trigger.manual"},
                  {"id": "file", "type": "core.noop", "value": {"minutes": 4, "confidence": "low"}}],
                 "edges": [{"from": "t", "to": "file"}]}""".formatted(name), WorkflowDefinition.class));
        workflows.publish(workflow.getId());
        return workflow.getId();
    }

    @Test
    void theDashboardShowsHoursMoneyAndNetValueOfThePeriod() throws Exception {
        var owner = data.newTenant("roi-view");
        signIn(owner.authentication());
        UI.getCurrent().navigate("roi");
        assertThat(_find(Div.class, spec -> spec.withId("roi-empty"))).hasSize(1);

        roi.change(List.of(new RoiService.Change(AssumptionKind.HOURLY_RATE, "", null, new BigDecimal("60"), null, null)),
                new RoiService.Evidence("payroll", null, "high", "measured", roi.today().minusDays(1)));
        UUID workflow = publishedWorkflow("Filing");
        UUID silent = workflows.create(json.readValue("""
                {"name": "No value yet", "nodes": [{"id": "t", "type": "trigger.manual"}, {"id": "n", "type": "core.noop"}],
                 "edges": [{"from": "t", "to": "n"}]}""", WorkflowDefinition.class)).getId();
        workflows.publish(silent);
        for (int i = 0; i < 3; i++) {
            completions.await(runs.start(workflow, Map.of(), "manual"), Duration.ofSeconds(10));
        }
        completions.await(runs.start(silent, Map.of(), "manual"), Duration.ofSeconds(10));

        UI.getCurrent().navigate("roi");
        RoiDashboardView view = _get(RoiDashboardView.class);
        // 3 runs x 4 minutes at 60 an hour
        assertThat(view.figure("roi-hours")).isEqualTo("0.2 h");
        assertThat(view.figure("roi-value")).isEqualTo("12.00 EUR");
        assertThat(view.figure("roi-net")).isEqualTo("12.00 EUR");
        assertThat(view.figure("roi-runs")).isEqualTo("4");
        // the dashboard adds its workflows up instead of asking for the period's sums: the same figures
        assertThat(roi.dashboard(roi.today().minusDays(29), roi.today(), io.flowmeter.analytics.service.RoiReports.Interval.WEEK).summary())
                .isEqualTo(roi.summary(roi.today().minusDays(29), roi.today(), null));
        assertThat(_get(Div.class, spec -> spec.withId("roi-confidence")).getElement().getTextRecursively())
                .startsWith("100 % of the value rests on low-confidence assumptions");
        assertThat(_get(Div.class, spec -> spec.withId("roi-without-value")).getElement().getTextRecursively()).contains("No value yet");
        assertThat(_get(Paragraph.class, spec -> spec.withId("roi-failures")).getText()).startsWith("0 failed runs");

        // the landing page's tile says the same
        UI.getCurrent().navigate("");
        assertThat(_get(com.vaadin.flow.component.html.Span.class, spec -> spec.withId("tile-roi-figure")).getText()).isEqualTo("0.2 h");
        assertThat(_get(Paragraph.class, spec -> spec.withId("tile-roi-line")).getText()).startsWith("12.00 EUR net");

        // a period without those runs
        UI.getCurrent().navigate("roi", com.vaadin.flow.router.QueryParameters.simple(Map.of("from", "2020-01-01", "to", "2020-01-31")));
        assertThat(_find(Div.class, spec -> spec.withId("roi-empty"))).hasSize(1);
        assertThat(_get(DatePicker.class, spec -> spec.withId("roi-from")).getValue()).hasToString("2020-01-01");
    }

    @Test
    void aWorkflowsPageShowsItsVersionsPaybackAndForecast() throws Exception {
        var owner = data.newTenant("roi-workflow-page");
        signIn(owner.authentication());
        roi.change(List.of(new RoiService.Change(AssumptionKind.HOURLY_RATE, "", null, new BigDecimal("60"), null, null)),
                new RoiService.Evidence("payroll", null, "high", "measured", roi.today().minusDays(1)));
        UUID workflow = publishedWorkflow("Filing");
        for (int i = 0; i < 3; i++) {
            completions.await(runs.start(workflow, Map.of(), "manual"), Duration.ofSeconds(10));
        }
        UI.getCurrent().navigate("roi/workflows/" + workflow);
        assertThat(_get(Paragraph.class, spec -> spec.withId("workflow-roi-payback-line")).getText()).startsWith("No build effort set");
        _click(_get(Button.class, spec -> spec.withId("workflow-roi-payback")));
        _get(BigDecimalField.class, spec -> spec.withId("payback-hours")).setValue(new BigDecimal("0.1"));
        _get(BigDecimalField.class, spec -> spec.withId("payback-forecast")).setValue(new BigDecimal("300"));
        _click(_get(Button.class, spec -> spec.withId("payback-save")));

        UI.getCurrent().navigate("roi/workflows/" + workflow);
        // built in 6 minutes at 60/h = 6.00; 3 runs x 4 min at 60/h = 12.00 net: paid back today
        assertThat(_get(Paragraph.class, spec -> spec.withId("workflow-roi-payback-line")).getText())
                .isEqualTo("Built in 0.1 h from " + roi.today() + ", worth 6.00 EUR; net value since: 12.00 EUR. Paid back on " + roi.today() + ".");
        assertThat(_get(Paragraph.class, spec -> spec.withId("workflow-roi-forecast-line")).getText()).startsWith("Expected 300 runs a month; it made 1");
        @SuppressWarnings("unchecked")
        com.vaadin.flow.component.grid.Grid<io.flowmeter.analytics.service.RoiReports.Group> versions =
                _get(com.vaadin.flow.component.grid.Grid.class, spec -> spec.withId("workflow-roi-versions"));
        assertThat(com.github.mvysny.kaributesting.v10.GridKt._size(versions)).isEqualTo(1);
        assertThat(com.github.mvysny.kaributesting.v10.GridKt._getFormattedRow(versions, 0)).containsSequence("v1", "3", "0 %");

        UI.getCurrent().navigate("roi/workflows/" + UUID.randomUUID());
        assertThat(_get(WorkflowRoiView.class).getElement().getTextRecursively()).contains("Workflow not found");
    }

    @Test
    void aWorkflowsValueIsSetFromTheBuilderWithItsEvidence() throws Exception {
        var owner = data.newTenant("roi-value-dialog");
        signIn(owner.authentication());
        UUID workflow = publishedWorkflow("Invoices");
        UI.getCurrent().navigate("workflows/" + workflow);
        _click(_get(Button.class, spec -> spec.withId("builder-value")));
        _get(BigDecimalField.class, spec -> spec.withId("value-minutes")).setValue(new BigDecimal("7.5"));
        _get(TextArea.class, spec -> spec.withId("value-evidence")).setValue("timed by the finance team");
        @SuppressWarnings("unchecked")
        Select<String> confidence = _get(Select.class, spec -> spec.withId("value-confidence"));
        confidence.setValue("high");
        _click(_get(Button.class, spec -> spec.withId("value-save")));
        var history = roi.workflowValue(workflow);
        assertThat(history).singleElement().satisfies(a -> {
            assertThat(a.minutes()).isEqualByComparingTo("7.5");
            assertThat(a.evidence()).isEqualTo("timed by the finance team");
            assertThat(a.confidence().wire()).isEqualTo("high");
            assertThat(a.ownerName()).isEqualTo(owner.user().getDisplayName());
        });
    }

    @Test
    void anAdminChangesAFigureAndRestatesOnTheRecord() throws Exception {
        var owner = data.newTenant("roi-settings");
        signIn(owner.authentication());
        UI.getCurrent().navigate("settings/roi");
        @SuppressWarnings("unchecked")
        Select<FigureForm.Figure> kind = _get(Select.class, spec -> spec.withId("figure-kind"));
        kind.setValue(FigureForm.Figure.DEFAULT_RATE);
        _get(BigDecimalField.class, spec -> spec.withId("figure-amount")).setValue(new BigDecimal("45"));
        _get(TextArea.class, spec -> spec.withId("figure-evidence")).setValue("HR budget 2026");
        _click(_get(Button.class, spec -> spec.withId("figure-save")));
        assertThat(roi.book().rate(null, roi.today())).hasValueSatisfying(a -> assertThat(a.money()).isEqualByComparingTo("45"));

        // a figure without an amount is refused on the field
        kind.setValue(FigureForm.Figure.CALL_FEE);
        _click(_get(Button.class, spec -> spec.withId("figure-save")));
        assertThat(_get(com.vaadin.flow.component.textfield.TextField.class, spec -> spec.withId("figure-subject")).isInvalid()).isTrue();

        // a member's own rate for their approvals: an email and a rate name, no amount
        kind.setValue(FigureForm.Figure.MEMBER_RATE);
        assertThat(_find(BigDecimalField.class, spec -> spec.withId("figure-amount"))).isEmpty();
        _get(com.vaadin.flow.component.textfield.TextField.class, spec -> spec.withId("figure-subject")).setValue("not an address");
        _get(com.vaadin.flow.component.textfield.TextField.class, spec -> spec.withId("figure-rate-name")).setValue("partner");
        _click(_get(Button.class, spec -> spec.withId("figure-save")));
        assertThat(_get(com.vaadin.flow.component.textfield.TextField.class, spec -> spec.withId("figure-subject")).getErrorMessage())
                .isEqualTo("Name the member by their email address");
        _get(com.vaadin.flow.component.textfield.TextField.class, spec -> spec.withId("figure-subject")).setValue("Grace@example.com");
        _click(_get(Button.class, spec -> spec.withId("figure-save")));
        assertThat(roi.book().approverRate("grace@example.com", "finance", roi.today())).isEqualTo("partner");

        _click(_get(Button.class, spec -> spec.withId("roi-restate")));
        _click(_get(Button.class, spec -> spec.withId("restate-confirm")));
        assertThat(_get(TextArea.class, spec -> spec.withId("restate-reason")).isInvalid()).isTrue(); // a reason is required
        _get(TextArea.class, spec -> spec.withId("restate-reason")).setValue("new budget");
        _click(_get(Button.class, spec -> spec.withId("restate-confirm")));
        assertThat(roi.restatements()).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("new budget"));
    }

    @Test
    void aViewerReadsTheSettingsButCannotChangeThem() {
        var owner = data.newTenant("roi-viewer");
        signIn(io.flowmeter.support.TestData.withRole(owner, io.flowmeter.identity.domain.Role.VIEWER));
        UI.getCurrent().navigate("settings/roi");
        assertThat(_find(Button.class, spec -> spec.withId("figure-save"))).isEmpty();
        assertThat(_find(Button.class, spec -> spec.withId("roi-restate"))).isEmpty(); // hidden
        assertThat(_get(com.vaadin.flow.component.combobox.ComboBox.class, spec -> spec.withId("roi-currency")).isReadOnly()).isTrue();
    }

    @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void anAdminChoosesWhoGetsTheStatementByEmailAndHowOften() {
        var owner = data.newTenant("roi-statement");
        signIn(owner.authentication());
        UI.getCurrent().navigate("settings/roi");
        assertThat(_get(Paragraph.class, spec -> spec.withId("statement-status")).getText()).startsWith("The statement is not emailed");
        assertThat(_get(Button.class, spec -> spec.withId("statement-send")).isEnabled()).isFalse();
        @SuppressWarnings("unchecked")
        Select<StatementScheduleForm.Choice> cadence = _get(Select.class, spec -> spec.withId("statement-cadence"));
        cadence.setValue(StatementScheduleForm.Choice.WEEKLY);
        _click(_get(Button.class, spec -> spec.withId("statement-save")));
        @SuppressWarnings("unchecked")
        com.vaadin.flow.component.combobox.MultiSelectComboBox<io.flowmeter.identity.People.Member> recipients =
                _get(com.vaadin.flow.component.combobox.MultiSelectComboBox.class, spec -> spec.withId("statement-recipients"));
        assertThat(recipients.isInvalid()).isTrue();
        assertThat(recipients.getErrorMessage()).isEqualTo("Choose at least one member to send the statement to");

        recipients.setValue(java.util.Set.copyOf(recipients.getListDataView().getItems().toList()));
        _click(_get(Button.class, spec -> spec.withId("statement-save")));
        assertThat(recipients.isInvalid()).isFalse();
        assertThat(_get(Paragraph.class, spec -> spec.withId("statement-status")).getText()).startsWith("Next: ")
                .endsWith("Nothing sent yet.");
        assertThat(_get(Button.class, spec -> spec.withId("statement-send")).isEnabled()).isTrue();

        UI.getCurrent().navigate("settings/roi");
        assertThat(_get(Select.class, spec -> spec.withId("statement-cadence")).getValue()).isEqualTo(StatementScheduleForm.Choice.WEEKLY);
        assertThat(recipientsOf()).extracting(io.flowmeter.identity.People.Member::email).containsExactly(owner.user().getEmail());

        signIn(io.flowmeter.support.TestData.withRole(owner, io.flowmeter.identity.domain.Role.VIEWER));
        UI.getCurrent().navigate("roi");
        UI.getCurrent().navigate("settings/roi");
        assertThat(_find(Button.class, spec -> spec.withId("statement-save"))).isEmpty();
        assertThat(_get(Select.class, spec -> spec.withId("statement-cadence")).isReadOnly()).isTrue();
    }

    @SuppressWarnings("unchecked")
    private java.util.Set<io.flowmeter.identity.People.Member> recipientsOf() {
        return (java.util.Set<io.flowmeter.identity.People.Member>) _get(com.vaadin.flow.component.combobox.MultiSelectComboBox.class,
                spec -> spec.withId("statement-recipients")).getValue();
    }

    @Test
    void theDashboardShowsOpenAlertsUntilABuilderDismissesThem() throws Exception {
        var owner = data.newTenant("roi-alerts-view");
        signIn(owner.authentication());
        UUID workflow = publishedWorkflow("Invoices in");
        io.flowmeter.tenancy.TenantContext.runAsPlatform(() -> jdbc.update("""
                insert into roi_alerts (id, tenant_id, workflow_id, kind, local_day, message, baseline, actual)
                values (?, ?, ?, 'VOLUME_DROP', current_date - 1, 'Invoices in ran 3 times on Mon, against 40', 40, 3)
                """, UUID.randomUUID(), owner.tenantId(), workflow));
        signIn(io.flowmeter.support.TestData.withRole(owner, io.flowmeter.identity.domain.Role.VIEWER));
        UI.getCurrent().navigate("roi");
        AlertList list = _get(AlertList.class);
        assertThat(list.isVisible()).isTrue();
        assertThat(list.shown()).isEqualTo(1);
        assertThat(list.getElement().getTextRecursively()).contains("Runs dropped").contains("Invoices in ran 3 times");
        assertThat(_find(Button.class, spec -> spec.withText("Dismiss"))).isEmpty(); // a viewer reads, does not dismiss

        signIn(owner.authentication());
        UI.getCurrent().navigate("roi/workflows/" + workflow);
        assertThat(_get(AlertList.class).shown()).isEqualTo(1);
        UI.getCurrent().navigate("roi");
        _click(_get(Button.class, spec -> spec.withText("Dismiss")));
        assertThat(_find(AlertList.class)).isEmpty(); // hidden
        UI.getCurrent().navigate("roi/workflows/" + workflow);
        UI.getCurrent().navigate("roi");
        assertThat(_find(AlertList.class)).isEmpty();
    }
}
