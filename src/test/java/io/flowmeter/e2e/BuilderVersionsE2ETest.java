package io.flowmeter.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.service.MemberService;
import io.flowmeter.support.BrowserTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.domain.Workflow;
import io.flowmeter.workflow.domain.WorkflowDefinition;
import io.flowmeter.workflow.service.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Path;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builder with more than one person and more than one version: a second editor's save is refused, an old version
 * is restored from the history (and compared), and a viewer sees the canvas read-only.
 */
class BuilderVersionsE2ETest extends BrowserTest {

    @Autowired TestData data;
    @Autowired WorkflowService workflows;
    @Autowired MemberService members;
    @Autowired ObjectMapper json;

    private Workflow published(Owner owner, String name, String... noopIds) throws Exception {
        StringBuilder nodes = new StringBuilder("{\"id\": \"start\", \"type\": \"trigger.manual\", \"position\": {\"x\": 0, \"y\": 0}}");
        StringBuilder edges = new StringBuilder();
        String previous = "start";
        int x = 280;
        for (String id : noopIds) {
            nodes.append(", {\"id\": \"").append(id).append("\", \"type\": \"core.noop\", \"position\": {\"x\": ").append(x).append(", \"y\": 0}}");
            edges.append(edges.isEmpty() ? "" : ", ").append("{\"from\": \"").append(previous).append("\", \"to\": \"").append(id).append("\"}");
            previous = id;
            x += 280;
        }
        var definition = json.readValue("{\"name\": \"" + name + "\", \"nodes\": [" + nodes + "], \"edges\": [" + edges + "]}", WorkflowDefinition.class);
        return TenantContext.callAsTenant(owner.tenantId(), () -> {
            TestData.signInAs(owner);
            var workflow = workflows.create(definition);
            workflows.publish(workflow.getId(), "first");
            return workflow;
        });
    }

    private void openBuilder(Page page, UUID workflowId) {
        page.navigate(url("/workflows/" + workflowId));
        assertThat(page.locator(".react-flow__node-step").first()).isVisible();
        awaitBuilderSettled(page);
    }

    @Test
    void theSecondOfTwoEditorsIsToldWhoChangedTheDraftAndNothingIsOverwritten() throws Exception {
        Owner owner = data.newTenant("two-editors");
        Workflow workflow = published(owner, "Shared draft", "a");
        page.navigate(url("/login"));
        signIn(page, owner.user().getEmail(), TestData.PASSWORD);
        openBuilder(page, workflow.getId());

        var second = newBrowserContext();
        Page other = second.newPage();
        try {
            other.navigate(url("/login"));
            signIn(other, owner.user().getEmail(), TestData.PASSWORD);
            openBuilder(other, workflow.getId());

            // the first editor adds a step; it is saved
            page.locator(".fm-palette-item[data-step-type='core.noop']").dragTo(page.locator(".react-flow__pane"),
                    new Locator.DragToOptions().setTargetPosition(200, 300));
            assertThat(page.locator("#builder-save-state")).hasText("Saved");

            // the second, who opened the draft before that, renames it: refused, naming the first
            other.locator("#builder-name input").fill("My name for it");
            other.locator("#builder-name input").press("Enter");
            assertThat(other.locator("#conflict-message")).containsText(owner.principal().displayName());
            assertThat(other.locator("#conflict-message")).containsText("after you opened it");
            other.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "e2e-screenshots", "builder-conflict.png")));
            assertThat(TenantContext.callAsTenant(owner.tenantId(), () -> workflows.get(workflow.getId()).getName())).isEqualTo("Shared draft");

            // reloading shows the first editor's work
            other.locator("#conflict-reload").click();
            assertThat(other.locator(".react-flow__node-step")).hasCount(3);
            assertThat(other.locator("#builder-name input")).hasValue("Shared draft");
        } finally {
            second.close();
        }
    }

    @Test
    void anOldVersionIsComparedAndRestoredFromTheHistory() throws Exception {
        Owner owner = data.newTenant("restore");
        Workflow workflow = published(owner, "Two versions", "first");
        TenantContext.runAsTenant(owner.tenantId(), () -> {
            TestData.signInAs(owner);
            try {
                workflows.update(workflow.getId(), json.readValue("""
                        {"name": "Two versions", "nodes": [{"id": "start", "type": "trigger.manual"}, {"id": "first", "type": "core.noop"},
                          {"id": "second", "type": "core.noop"}], "edges": [{"from": "start", "to": "first"}, {"from": "first", "to": "second"}]}
                        """, WorkflowDefinition.class));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            workflows.publish(workflow.getId(), "added a second step");
        });
        page.navigate(url("/login"));
        signIn(page, owner.user().getEmail(), TestData.PASSWORD);
        openBuilder(page, workflow.getId());
        assertThat(page.locator(".react-flow__node-step")).hasCount(3);

        page.locator("#builder-versions").click();
        assertThat(page.locator("#version-grid")).containsText("added a second step");
        page.locator("#version-diff-2").click();
        assertThat(page.locator("#builder-banner")).containsText("1 added");
        assertThat(page.locator(".fm-node-diff-added")).hasCount(1);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "e2e-screenshots", "builder-diff.png")));

        page.locator("#banner-back").click();
        // the diff's banner goes first, then the history opens again with its rows drawn (under load either can lag)
        assertThat(page.locator("#builder-banner")).isHidden();
        assertThat(page.locator(".fm-node-diff-added")).hasCount(0);
        page.locator("#builder-versions").click();
        assertThat(page.locator("#version-grid")).containsText("added a second step");
        assertThat(page.locator("#version-restore-1")).isVisible();
        page.locator("#version-restore-1").click();
        page.locator("vaadin-confirm-dialog-overlay vaadin-button[slot='confirm-button']").click();
        assertThat(page.locator("vaadin-notification-card").last()).containsText("publish it to roll back");
        assertThat(page.locator(".react-flow__node-step")).hasCount(2);
        assertThat(TenantContext.callAsTenant(owner.tenantId(), () -> workflows.definitionOf(workflows.get(workflow.getId())).nodesOrEmpty().size()))
                .isEqualTo(2);

        page.locator("#builder-publish").click();
        page.locator("#publish-note textarea").fill("Back to one step");
        page.locator("#publish-confirm").click();
        assertThat(page.locator("vaadin-notification-card").last()).containsText("Published version 3");
    }

    @Test
    void aViewerSeesTheCanvasReadOnly() throws Exception {
        Owner owner = data.newTenant("viewer-e2e");
        Workflow workflow = published(owner, "Look, don't touch", "a", "b");
        var invite = TenantContext.callAsTenant(owner.tenantId(), () -> {
            TestData.signInAs(owner);
            return members.invite("viewer-" + UUID.randomUUID() + "@example.com", Role.VIEWER);
        });
        var viewer = members.acceptAsNewUser(invite.link().substring(invite.link().lastIndexOf('/') + 1), "Vera Viewer", TestData.PASSWORD);

        page.navigate(url("/login"));
        signIn(page, viewer.getEmail(), TestData.PASSWORD);
        openBuilder(page, workflow.getId());
        assertThat(page.locator(".fm-palette")).isHidden();
        assertThat(page.locator("#builder-publish")).isHidden();
        assertThat(page.locator("#builder-name input")).hasAttribute("readonly", "");
        assertThat(page.locator(".react-flow__node-step.draggable")).hasCount(0);

        // selecting works (to read a step's settings); deleting does not
        page.locator(".react-flow__node[data-id='a'] .fm-node-name").click();
        assertThat(page.locator(".fm-panel-title")).hasText("a");
        assertThat(page.locator("#step-delete")).hasCount(0);
        page.keyboard().press("Delete");
        assertThat(page.locator(".react-flow__node-step")).hasCount(3);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "e2e-screenshots", "builder-viewer.png")));
    }
}
