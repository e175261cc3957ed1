package io.flowmeter.engine.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.engine.service.RunService.PendingApproval;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.NotFoundException;
import jakarta.annotation.security.RolesAllowed;


/** Approval steps waiting for a member: approve or reject, with an optional comment. */
@Route("approvals")
@PageTitle("Approvals")
@Menu(order = 20, icon = "vaadin:check-square-o", title = "Approvals")
@RolesAllowed("OPERATOR")
public class ApprovalsView extends VerticalLayout {


    private final RunService runs;
    private final Grid<PendingApproval> grid = new Grid<>();

    ApprovalsView(RunService runs) {
        this.runs = runs;
        setSizeFull();
        grid.addColumn(PendingApproval::workflowName).setHeader("Workflow").setAutoWidth(true);
        grid.addColumn(PendingApproval::message).setHeader("Question").setWidth("12rem").setFlexGrow(3)
                .setTooltipGenerator(PendingApproval::message);
        grid.addColumn(a -> a.since() == null ? "" : Feedback.dateTime(a.since())).setHeader("Waiting since").setAutoWidth(true);
        grid.addColumn(a -> a.timeoutAt() == null ? "No time limit" : Feedback.dateTime(a.timeoutAt())).setHeader("Times out").setAutoWidth(true);
        grid.addComponentColumn(approval -> {
            var approve = new Button("Approve", e -> decide(approval, true));
            approve.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_SUCCESS);
            approve.setAriaLabel("Approve: " + approval.message());
            var reject = new Button("Reject", e -> decide(approval, false));
            reject.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            reject.setAriaLabel("Reject: " + approval.message());
            return new HorizontalLayout(approve, reject);
        }).setHeader("Decision").setKey("decision").setWidth("13rem").setFlexGrow(0);
        grid.setEmptyStateComponent(new Span("Nothing waits for an approval. Workflows with an approval step pause here until someone decides."));
        grid.setSizeFull();
        grid.addThemeVariants(com.vaadin.flow.component.grid.GridVariant.LUMO_WRAP_CELL_CONTENT); // questions can be long
        var refresh = new Button("Refresh", e -> refresh());
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        add(refresh, grid);
        refresh();
    }

    private void decide(PendingApproval approval, boolean approved) {
        var dialog = new Dialog();
        dialog.setHeaderTitle((approved ? "Approve" : "Reject") + ": " + approval.workflowName());
        var comment = new TextArea("Comment (optional)");
        comment.setWidth("28rem");
        comment.setMaxLength(1000);
        comment.setId("approval-comment");
        dialog.add(new VerticalLayout(new Span(approval.message()), comment));
        var confirm = new Button(approved ? "Approve" : "Reject", e -> {
            try {
                runs.decide(approval.runId(), approval.nodeId(), approved, comment.getValue());
                Feedback.notify(approved ? "Approved; the run continues" : "Rejected; the run continues on its rejection path", false);
            } catch (ConflictException | NotFoundException problem) {
                Feedback.notify(problem.getMessage(), true);
            }
            dialog.close();
            refresh();
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, approved ? ButtonVariant.LUMO_SUCCESS : ButtonVariant.LUMO_ERROR);
        confirm.addClickShortcut(Key.ENTER);
        confirm.setId("approval-confirm");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), confirm);
        dialog.open();
        comment.focus();
    }

    private void refresh() {
        grid.setItems(runs.pendingApprovals());
    }

}
