package io.flowmeter.trigger.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.ui.CopyField;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.trigger.poll.PollService;
import io.flowmeter.trigger.schedule.ScheduleService;
import io.flowmeter.trigger.webhook.WebhookService;
import io.flowmeter.workflow.WorkflowTriggers;
import io.flowmeter.workflow.domain.WorkflowDefinition;

import java.time.ZoneId;
import java.util.UUID;

/**
 * The trigger's live state for the workflow screens: the webhook address (copyable, replaceable), a schedule's next
 * five fire times in its time zone, a poll's last check and error, or how to start a manual workflow.
 */
@org.springframework.stereotype.Component
class TriggerPanel implements WorkflowTriggers {

    private final WebhookService webhooks;
    private final ScheduleService schedules;
    private final PollService polls;

    TriggerPanel(WebhookService webhooks, ScheduleService schedules, PollService polls) {
        this.webhooks = webhooks;
        this.schedules = schedules;
        this.polls = polls;
    }

    @Override
    public Component panel(UUID workflowId, WorkflowDefinition.Node trigger, boolean published, boolean paused, boolean mayEdit) {
        var panel = new VerticalLayout();
        panel.setPadding(false);
        panel.setSpacing(false);
        panel.addClassName("fm-trigger-panel");
        String type = trigger.type() == null ? "" : trigger.type();
        try {
            switch (type) {
                case "trigger.webhook" -> webhook(panel, workflowId, published, paused, mayEdit);
                case "trigger.schedule" -> schedule(panel, workflowId, published, paused);
                case "trigger.poll" -> poll(panel, workflowId, published);
                default -> panel.add(new CopyField("Start it over the API", "POST /api/v1/workflows/" + workflowId + "/runs"),
                        muted(published ? "Or press Run on the Workflows screen." : "Publish it first."));
            }
        } catch (NotFoundException | ConflictException | InvalidInputException e) {
            panel.add(muted(e.getMessage()));
        }
        return panel;
    }

    private void webhook(VerticalLayout panel, UUID workflowId, boolean published, boolean paused, boolean mayEdit) {
        var hook = webhooks.hook(workflowId);
        var url = new CopyField("Webhook address", hook.url());
        url.setId("workflow-webhook-url");
        url.setHelperText(published ? "POST JSON here to start a run" : "Works once the workflow is published");
        panel.add(url);
        if (mayEdit) {
            var regenerate = new Button("New address", e -> Feedback.confirmDestructive("Replace the webhook address?",
                    "Senders using the current address get 404 from now on; give them the new one.", "Replace",
                    () -> webhooks.regenerate(workflowId), () -> url.setValue(webhooks.hook(workflowId).url())));
            regenerate.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            panel.add(regenerate);
        }
        long waiting = webhooks.waiting(workflowId);
        if (waiting > 0) {
            var held = new Span(waiting + (waiting == 1 ? " request is" : " requests are") + " waiting to start "
                    + (waiting == 1 ? "its run" : "their runs") + (paused ? " when the workflow is resumed" : ""));
            held.setId("workflow-webhook-waiting");
            panel.add(held);
        }
    }

    private void schedule(VerticalLayout panel, UUID workflowId, boolean published, boolean paused) {
        var view = schedules.view(workflowId, !published);
        panel.add(new Span("Schedule: " + view.expression() + " (" + view.timezone() + "), overlap " + view.overlap()));
        var next = new UnorderedList();
        next.setId("workflow-next-fires");
        ZoneId zone = ZoneId.of(view.timezone());
        view.next().forEach(t -> next.add(new ListItem(Feedback.dateTime(t) + " (" + t.atZone(zone).toLocalDateTime()
                .toString().replace('T', ' ') + " " + view.timezone() + ")")));
        panel.add(new Span(!published ? "Would fire (once published)" : paused ? "Paused: would next fire" : "Next fires"), next);
        if (published) {
            panel.add(new Span(view.fired() + " fired, " + view.skipped() + " skipped" + (view.queued() > 0 ? ", " + view.queued() + " waiting" : "")));
        }
    }

    private void poll(VerticalLayout panel, UUID workflowId, boolean published) {
        if (!published) {
            panel.add(muted("Checks for new items once the workflow is published."));
            return;
        }
        var view = polls.view(workflowId);
        panel.add(new Span("Watches " + view.source() + " every " + view.interval()),
                new Span(view.lastPolledAt() == null ? "Not checked yet" : "Last checked " + Feedback.dateTime(view.lastPolledAt())),
                new Span(view.started() + " runs started, " + view.seen() + " items seen"));
        if (view.lastError() != null) {
            var error = new Paragraph("Last check failed: " + view.lastError());
            error.getStyle().set("color", "var(--lumo-error-text-color)");
            panel.add(error);
        }
    }

    private static Paragraph muted(String text) {
        var p = new Paragraph(text);
        p.addClassName("fm-muted");
        return p;
    }
}
