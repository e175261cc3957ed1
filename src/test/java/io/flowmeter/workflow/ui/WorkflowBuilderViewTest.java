package io.flowmeter.workflow.ui;

import com.github.mvysny.kaributesting.v10.ElementUtilsKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.dom.DomEvent;
import com.vaadin.flow.router.RouteParameters;
import elemental.json.Json;
import elemental.json.JsonObject;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import java.util.List;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

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
}
