package io.flowmeter.workflow.ui;

import com.github.mvysny.kaributesting.v10.ElementUtilsKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.dom.DomEvent;
import com.vaadin.flow.router.RouteParameters;
import elemental.json.Json;
import elemental.json.JsonObject;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.shared.ValidationFailedException;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The builder without a browser: the canvas's events as the browser sends them (including ones that make no sense),
 * the step panel's form, autosave and its conflict check, and read-only roles.
 */
class WorkflowBuilderViewTest extends KaribuTest {

    @Autowired WorkflowService workflows;

    private WorkflowBuilderView open(Workflow workflow) {
        UI.getCurrent().navigate(WorkflowBuilderView.class, new RouteParameters("id", workflow.getId().toString()));
        return _get(WorkflowBuilderView.class);
    }

    private static void fire(FlowCanvas canvas, String type, JsonObject detail) {
        JsonObject data = Json.createObject();
        data.put("event.detail", detail);
        ElementUtilsKt._fireDomEvent(canvas.getElement(), new DomEvent(canvas.getElement(), type, data));
    }

    private static JsonObject json(String text) {
        return Json.parse(text);
    }

    private static List<String> notifications() {
        return NotificationsKt.getNotifications().stream().map(n -> n.getElement().getProperty("text", "")).toList();
    }

    @Test
    void canvasIntentsChangeTheDraftOrAreRefusedAndAutosaveStoresIt() {
        Owner owner = data.newTenant("builder-ui");
        signIn(owner.authentication());
        Workflow draft = workflows.createDraft("Greeter");
        var view = open(draft);
        var canvas = view.canvas();

        fire(canvas, "fm-drop", json("{\"type\": \"trigger.manual\", \"x\": 10, \"y\": 20}"));
        fire(canvas, "fm-drop", json("{\"type\": \"core.transform\", \"x\": 300, \"y\": 20}"));
        fire(canvas, "fm-connect", json("{\"source\": \"manual\", \"sourceHandle\": \"out\", \"target\": \"transform\"}"));
        assertThat(view.model().definition().edgesOrEmpty()).hasSize(1);

        // what a confused (or hostile) browser may send: refused with a message, nothing changes
        var before = view.model().definition();
        fire(canvas, "fm-connect", json("{\"source\": \"manual\", \"sourceHandle\": \"out\", \"target\": \"ghost\"}"));
        fire(canvas, "fm-nodes-moved", json("{\"moves\": [{\"id\": \"deleted\", \"x\": 1, \"y\": 2}]}"));
        fire(canvas, "fm-drop", json("{\"type\": \"nope.nothing\", \"x\": 0, \"y\": 0}"));
        fire(canvas, "fm-delete", json("{\"nodes\": [\"ghost\"], \"edges\": []}"));
        assertThat(view.model().definition()).isEqualTo(before);
        assertThat(notifications()).anyMatch(n -> n.contains("'ghost' no longer exists"))
                .anyMatch(n -> n.contains("'deleted' no longer exists")).anyMatch(n -> n.contains("Unknown step type"));
        NotificationsKt.clearNotifications();

        // selecting a step opens its form; a field edit reaches the draft; the missing value is listed until then
        fire(canvas, "fm-selection", json("{\"nodes\": [\"transform\"]}"));
        assertThat(_get(StepPanel.class).getElement().getTextRecursively()).contains("'value' is required");
        var value = _get(com.vaadin.flow.component.textfield.TextArea.class, spec -> spec.withId("param-value"));
        value.setValue("{\"greeting\": \"Hi {{trigger.name}}\"}");
        assertThat(view.model().node("transform").paramsOrEmpty().get("value")).isEqualTo(java.util.Map.of("greeting", "Hi {{trigger.name}}"));
        assertThat(view.model().problemsOf("transform")).isEmpty();
        value.setValue("{not json");
        assertThat(value.isInvalid()).isTrue();
        assertThat(view.model().node("transform").paramsOrEmpty().get("value")).isEqualTo(java.util.Map.of("greeting", "Hi {{trigger.name}}"));

        // the browser's debounced autosave stores the draft, positions included
        ElementUtilsKt._fireDomEvent(view.getElement(), new DomEvent(view.getElement(), "fm-autosave", Json.createObject()));
        WorkflowDefinition saved = workflows.definitionOf(workflows.get(draft.getId()));
        assertThat(saved.nodesOrEmpty()).extracting(WorkflowDefinition.Node::id).containsExactly("manual", "transform");
        assertThat(saved.node("manual").orElseThrow().position()).isEqualTo(new WorkflowDefinition.Position(10, 20));
        assertThat(_get(com.vaadin.flow.component.html.Span.class, spec -> spec.withId("builder-save-state")).getText()).isEqualTo("Saved");
        assertThat(_get(Button.class, spec -> spec.withId("builder-publish")).isEnabled()).isTrue();
    }

    @Test
    void aSecondEditorsSaveIsRefusedNamingWhoChangedTheDraft() {
        Owner owner = data.newTenant("builder-conflict");
        signIn(owner.authentication());
        Workflow draft = workflows.createDraft("Shared");
        var view = open(draft);
        fire(view.canvas(), "fm-drop", json("{\"type\": \"trigger.manual\", \"x\": 0, \"y\": 0}"));

        // someone else saves meanwhile
        workflows.saveDraft(draft.getId(), new WorkflowDefinition("Shared (theirs)", null, List.of(), List.of()),
                workflows.get(draft.getId()).getDraftRevision());

        assertThat(view.save()).isFalse();
        var message = _get(com.vaadin.flow.component.html.Paragraph.class, spec -> spec.withId("conflict-message")).getText();
        assertThat(message).contains(owner.principal().displayName()).contains("after you opened it");
        assertThat(workflows.get(draft.getId()).getName()).isEqualTo("Shared (theirs)");
        _get(Button.class, spec -> spec.withId("conflict-reload")).click();
        assertThat(view.model().definition().name()).isEqualTo("Shared (theirs)");
        assertThat(view.save()).isTrue();
    }

    @Test
    void aViewerSeesTheCanvasReadOnly() {
        Owner owner = data.newTenant("builder-viewer");
        signIn(owner.authentication());
        Workflow draft = workflows.createDraft("Look only");
        var viewer = new FlowmeterPrincipal(owner.user().getId(), owner.user().getEmail(), "Viewer", false, owner.tenantId(),
                owner.principal().tenantName(), Role.VIEWER, owner.principal().credentialsVersion());
        signIn(UsernamePasswordAuthenticationToken.authenticated(viewer, null, viewer.authorities()));
        var view = open(draft);

        assertThat(view.palette().isVisible()).isFalse();
        assertThat(_find(Button.class, spec -> spec.withId("builder-publish"))).allMatch(b -> !b.isVisible());
        assertThat(_get(TextField.class, spec -> spec.withId("builder-name")).isReadOnly()).isTrue();
        fire(view.canvas(), "fm-drop", json("{\"type\": \"trigger.manual\", \"x\": 0, \"y\": 0}"));
        assertThat(view.model().definition().nodesOrEmpty()).isEmpty();
    }

    private static BigDecimalField number(String id) {
        return _get(BigDecimalField.class, spec -> spec.withId(id));
    }

    private static TextField text(String id) {
        return _get(TextField.class, spec -> spec.withId(id));
    }

    @SuppressWarnings("unchecked")
    private static Select<String> choice(String id) {
        return (Select<String>) _get(Select.class, spec -> spec.withId(id));
    }

    private static Details valueSection() {
        var details = _get(Details.class, spec -> spec.withId("step-value"));
        details.setOpened(true);
        return details;
    }

    private static String panelProblems() {
        return _get(com.vaadin.flow.component.html.UnorderedList.class, spec -> spec.withId("step-problems")).getElement().getTextRecursively();
    }

    @Test
    void theValueSectionStoresTheStepsValueSettingsAndShowsTheirProblems() {
        Owner owner = data.newTenant("builder-value");
        signIn(owner.authentication());
        Workflow draft = workflows.createDraft("Invoices");
        var view = open(draft);
        var canvas = view.canvas();
        fire(canvas, "fm-drop", json("{\"type\": \"trigger.manual\", \"x\": 0, \"y\": 0}"));
        fire(canvas, "fm-drop", json("{\"type\": \"core.noop\", \"x\": 300, \"y\": 0}"));
        fire(canvas, "fm-connect", json("{\"source\": \"manual\", \"sourceHandle\": \"out\", \"target\": \"noop\"}"));

        // the trigger saves nothing by itself: no value section there
        fire(canvas, "fm-selection", json("{\"nodes\": [\"manual\"]}"));
        assertThat(_find(Details.class, spec -> spec.withId("step-value"))).isEmpty();

        fire(canvas, "fm-selection", json("{\"nodes\": [\"noop\"]}"));
        assertThat(_get(Details.class, spec -> spec.withId("step-value")).isOpened()).isFalse();
        valueSection();
        number("step-value-minutes").setValue(new BigDecimal("4.50"));
        assertThat(view.model().node("noop").value()).isEqualTo(Map.of("minutes", "4.5"));
        _get(TextArea.class, spec -> spec.withId("step-value-evidence")).setValue("  Timed 20 invoices in March ");
        choice("step-value-confidence").setValue("high");
        assertThat(view.model().node("noop").value())
                .containsExactly(Map.entry("minutes", "4.5"), Map.entry("evidence", "Timed 20 invoices in March"), Map.entry("confidence", "high"));

        // an edit like any other: undo takes it back, and the panel shows the step as it is then
        _get(Button.class, spec -> spec.withId("builder-undo")).click();
        assertThat(view.model().node("noop").value()).containsExactly(Map.entry("minutes", "4.5"), Map.entry("evidence", "Timed 20 invoices in March"));
        assertThat(_get(Details.class, spec -> spec.withId("step-value")).isOpened()).isTrue();
        assertThat(choice("step-value-confidence").getValue()).isNull();
        assertThat(number("step-value-minutes").getValue()).isEqualByComparingTo("4.5");

        // a figure out of range is a problem of the step, on its field, and blocks publishing
        number("step-value-minutes").setValue(new BigDecimal("-1"));
        assertThat(view.model().node("noop").value()).containsEntry("minutes", "-1");
        assertThat(panelProblems()).contains("Value setting 'minutes' must be between 0 and 10080");
        assertThat(number("step-value-minutes").isInvalid()).isTrue();
        assertThat(number("step-value-minutes").getErrorMessage()).isEqualTo("Value setting 'minutes' must be between 0 and 10080");
        assertThat(_get(Button.class, spec -> spec.withId("builder-publish")).isEnabled()).isFalse();
        ElementUtilsKt._fireDomEvent(view.getElement(), new DomEvent(view.getElement(), "fm-autosave", Json.createObject()));
        assertThat(workflows.definitionOf(workflows.get(draft.getId())).node("noop").orElseThrow().value()).containsEntry("minutes", "-1");
        assertThatThrownBy(() -> workflows.publish(draft.getId())).isInstanceOfSatisfying(ValidationFailedException.class,
                e -> assertThat(e.violations()).extracting(ValidationFailedException.Violation::field).contains("value.minutes"));

        // per item outside a loop: the items field is asked for, on that field
        number("step-value-minutes").setValue(new BigDecimal("3"));
        assertThat(number("step-value-minutes").isInvalid()).isFalse();
        number("step-value-minutes-per-item").setValue(new BigDecimal("0.5"));
        assertThat(text("step-value-items").isInvalid()).isTrue();
        assertThat(text("step-value-items").getErrorMessage()).isEqualTo("Say which output field holds the items (value setting 'items')");
        text("step-value-items").setValue("body.rows");
        assertThat(text("step-value-items").isInvalid()).isFalse();
        assertThat(view.model().problemsOf("noop")).isEmpty();
        assertThat(_get(Button.class, spec -> spec.withId("builder-publish")).isEnabled()).isTrue();

        // nothing set is no value field at all
        number("step-value-minutes").setValue(null);
        number("step-value-minutes-per-item").setValue(null);
        text("step-value-items").setValue("");
        _get(TextArea.class, spec -> spec.withId("step-value-evidence")).setValue(" ");
        assertThat(view.model().node("noop").value()).isNull();
    }

    @Test
    void minutesToDecideIsOfferedOnApprovalStepsOnly() {
        Owner owner = data.newTenant("builder-value-approval");
        signIn(owner.authentication());
        var view = open(workflows.createDraft("Approvals"));
        var canvas = view.canvas();
        fire(canvas, "fm-drop", json("{\"type\": \"trigger.manual\", \"x\": 0, \"y\": 0}"));
        fire(canvas, "fm-drop", json("{\"type\": \"core.noop\", \"x\": 300, \"y\": 0}"));
        fire(canvas, "fm-drop", json("{\"type\": \"core.approval\", \"x\": 600, \"y\": 0}"));
        fire(canvas, "fm-connect", json("{\"source\": \"manual\", \"sourceHandle\": \"out\", \"target\": \"noop\"}"));
        fire(canvas, "fm-connect", json("{\"source\": \"noop\", \"sourceHandle\": \"out\", \"target\": \"approval\"}"));

        fire(canvas, "fm-selection", json("{\"nodes\": [\"noop\"]}"));
        valueSection();
        assertThat(number("step-value-minutes").getLabel()).isEqualTo("Minutes saved per success");
        assertThat(_find(BigDecimalField.class, spec -> spec.withId("step-value-minutes-to-decide"))).isEmpty();

        fire(canvas, "fm-selection", json("{\"nodes\": [\"approval\"]}"));
        valueSection();
        number("step-value-minutes-to-decide").setValue(new BigDecimal("3"));
        choice("step-value-basis").setValue("assumed");
        assertThat(view.model().node("approval").value()).containsExactly(Map.entry("minutesToDecide", "3"), Map.entry("basis", "assumed"));
        assertThat(view.model().problemsOf("approval")).isEmpty();
        for (String id : List.of("step-value-minutes", "step-value-minutes-per-item", "step-value-items", "step-value-outcome",
                "step-value-outcome-per-item", "step-value-rate", "step-value-minutes-to-decide", "step-value-evidence",
                "step-value-evidence-url", "step-value-confidence", "step-value-basis")) {
            assertThat(_find(com.vaadin.flow.component.Component.class, spec -> spec.withId(id))).as(id).singleElement()
                    .satisfies(field -> assertThat(field.getElement().getProperty("label", "")).as(id).isNotBlank());
        }
    }

    @Test
    void importedSettingsTheValidatorRefusesCanBeRemovedInThePanel() {
        Owner owner = data.newTenant("builder-value-imported");
        signIn(owner.authentication());
        Workflow draft = workflows.createDraft("Imported");
        // a draft saved elsewhere (drafts may have problems): value on the trigger, a made-up key on the step
        var definition = new WorkflowDefinition("Imported", null, List.of(
                new WorkflowDefinition.Node("start", "trigger.manual", null, null, null, null, null, Map.of("minutes", 5)),
                new WorkflowDefinition.Node("a", "core.noop", null, null, null, null, null, Map.of("minuts", 5, "evidence", "Timed"))),
                List.of(new WorkflowDefinition.Edge("start", "a", null, null)));
        workflows.saveDraft(draft.getId(), definition, workflows.get(draft.getId()).getDraftRevision());
        var view = open(workflows.get(draft.getId()));

        fire(view.canvas(), "fm-selection", json("{\"nodes\": [\"a\"]}"));
        assertThat(_get(Details.class, spec -> spec.withId("step-value")).isOpened()).isTrue();
        assertThat(panelProblems()).contains("Unknown value setting 'minuts'");
        assertThat(_get(com.vaadin.flow.component.html.Paragraph.class, spec -> spec.withId("step-value-unknown")).getText()).contains("minuts");
        // editing a known setting keeps the unknown one (and its problem) until it is removed on purpose
        number("step-value-minutes").setValue(new BigDecimal("5"));
        assertThat(view.model().node("a").value()).containsExactly(Map.entry("minutes", "5"), Map.entry("evidence", "Timed"), Map.entry("minuts", 5));
        _get(Button.class, spec -> spec.withId("step-value-remove-unknown")).click();
        assertThat(view.model().node("a").value()).containsExactly(Map.entry("minutes", "5"), Map.entry("evidence", "Timed"));

        fire(view.canvas(), "fm-selection", json("{\"nodes\": [\"start\"]}"));
        assertThat(panelProblems()).contains("A trigger saves nothing by itself");
        _get(Button.class, spec -> spec.withId("step-value-remove")).click();
        assertThat(view.model().node("start").value()).isNull();
        assertThat(view.model().problems()).isEmpty();
    }
}
