package io.flowmeter.engine.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.engine.service.RunStore.AttemptRow;
import io.flowmeter.engine.service.RunStore.StepRow;
import io.flowmeter.shared.ui.Feedback;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The selected step of a run: its state, why it waits (a delay, an approval with Approve and Reject for operators, a
 * rate-limit budget, a sub-workflow's run with a link), when it is tried next, its error explained, its input as it
 * renders from the run's data, its output as a tree (large values downloadable) and every attempt with its log.
 */
class StepDetailsPanel extends VerticalLayout {

    /** What the panel needs from the run view. */
    interface Host {
        RunService.RenderedInput input(String nodeId);

        void decide(String nodeId, boolean approved, @Nullable String comment);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    StepDetailsPanel(RunService.StepDetails step, String name, UUID workflowId, List<UUID> children, boolean operator,
                     boolean runActive, Host host) {
        setPadding(false);
        setId("run-step");
        StepRow row = step.step();
        var title = new H3(name);
        title.addClassName("fm-panel-title");
        var state = new Span(row.status().name().toLowerCase(Locale.ROOT) + (row.durationMs() == null ? "" : " in " + row.durationMs() + " ms")
                + (row.attempt() > 1 ? " · attempt " + row.attempt() : ""));
        state.setId("run-step-status");
        add(title, state);
        if (step.type() != null) {
            add(muted(step.type()));
        }
        waiting(row, children, operator, runActive, host);
        nextAttempt(row);
        if (row.error() != null && row.status() != StepStatus.QUEUED) {
            String connector = step.type() == null || !step.type().contains(".") ? null : step.type().substring(0, step.type().indexOf('.'));
            var advice = ErrorAdvice.explain(row.error(), connector, workflowId);
            var plain = new Paragraph(advice.plain());
            plain.setId("run-step-advice");
            plain.addClassName("fm-preview-error");
            var todo = new Paragraph(advice.todo());
            todo.setId("run-step-todo");
            add(plain, todo);
            if (advice.link() != null) {
                var anchor = new com.vaadin.flow.component.html.Anchor(advice.link(), advice.linkText());
                anchor.setId("run-step-fix");
                add(anchor);
            }
            var raw = new Pre(row.error());
            raw.addClassName("fm-json-block");
            raw.setId("run-step-error");
            var details = new Details(new Span("Error as reported"), raw);
            details.setOpened(false);
            add(details);
        }
        if (!"trigger".equals(step.type() == null ? "" : step.type().split("\\.")[0])) {
            var inputBox = new Div();
            var input = new Details(new Span("Input"), inputBox);
            input.setTooltipText("What the step's fields render to from this run's data, worked out now");
            input.setId("run-step-input");
            input.addOpenedChangeListener(e -> {
                if (e.isOpened() && inputBox.getChildren().findAny().isEmpty()) {
                    RunService.RenderedInput rendered = host.input(row.nodeId());
                    if (rendered.problem() != null) {
                        inputBox.add(new Paragraph("Does not render now: " + rendered.problem()));
                    } else {
                        inputBox.add(muted("As the step's fields render now from this run's data (the trigger's input and earlier outputs)."),
                                new JsonTree(write(rendered.value()), row.nodeId() + "-input.json", "run-step-input-tree"));
                    }
                }
            });
            add(input);
        }
        if (row.output() != null) {
            var output = new Details(new Span("Output"), new JsonTree(row.output(), row.nodeId() + "-output.json", "run-step-output"));
            output.setOpened(true);
            add(output);
        }
        if (!step.attempts().isEmpty()) {
            add(new H4("Attempts"));
            for (AttemptRow attempt : step.attempts()) {
                var line = new Paragraph("#" + attempt.attempt() + " " + attempt.outcome().toLowerCase(Locale.ROOT) + " · "
                        + Feedback.dateTime(attempt.startedAt()) + " · " + RunView.duration(Duration.between(attempt.startedAt(), attempt.finishedAt()))
                        + (attempt.error() == null ? "" : " · " + attempt.error()));
                line.addClassName("fm-attempt");
                add(line);
                if (attempt.log() != null && !attempt.log().isBlank()) {
                    var log = new Pre(attempt.log());
                    log.addClassName("fm-json-block");
                    log.setId("run-step-log-" + attempt.attempt());
                    add(new Details(new Span("Log of attempt " + attempt.attempt()), log));
                }
            }
        }
    }

    private void waiting(StepRow row, List<UUID> children, boolean operator, boolean runActive, Host host) {
        if (row.status() != StepStatus.WAITING || row.waiting() == null) {
            return;
        }
        Map<String, Object> waiting = read(row.waiting());
        Object kind = waiting.get("kind");
        @SuppressWarnings("unchecked")
        Map<String, Object> info = waiting.get("info") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        var box = new Div();
        box.setId("run-step-waiting");
        box.addClassName("fm-waiting");
        if ("delay".equals(kind)) {
            box.add(new Paragraph("Waiting: a delay until " + (row.wakeAt() == null ? String.valueOf(waiting.get("until")) : Feedback.dateTime(row.wakeAt()))
                    + (row.wakeAt() == null ? "" : " (" + until(row.wakeAt()) + ")") + "."));
        } else if ("approval".equals(kind)) {
            String message = String.valueOf(info.getOrDefault("message", ""));
            box.add(new Paragraph("Awaiting approval by an operator, admin or owner of this organization"
                    + (row.wakeAt() == null ? "" : "; without an answer it times out " + Feedback.dateTime(row.wakeAt())) + "."));
            if (!message.isBlank()) {
                var asked = new Paragraph("“" + message + "”");
                asked.setId("run-step-approval-message");
                box.add(asked);
            }
            if (operator && runActive) {
                var comment = new TextArea("Comment (optional)");
                comment.setMaxLength(RunService.MAX_COMMENT_LENGTH);
                comment.setWidthFull();
                comment.setId("run-approval-comment");
                var approve = new Button("Approve", VaadinIcon.CHECK.create(), e -> host.decide(row.nodeId(), true, comment.getValue()));
                approve.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
                approve.setId("run-approve");
                var reject = new Button("Reject", VaadinIcon.CLOSE.create(), e -> host.decide(row.nodeId(), false, comment.getValue()));
                reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
                reject.setId("run-reject");
                box.add(comment, new HorizontalLayout(approve, reject));
            }
        } else if ("subworkflow".equals(kind)) {
            box.add(new Paragraph("Waiting for the sub-workflow's run to end."));
        } else if ("loop".equals(kind)) {
            box.add(new Paragraph("Running its loop: one run of the loop's steps per item."));
        } else {
            box.add(new Paragraph("Waiting (" + kind + ")."));
        }
        add(box);
        childLinks(children);
    }

    private void childLinks(List<UUID> children) {
        for (UUID child : children) {
            var link = new com.vaadin.flow.component.html.Anchor("runs/" + child, "Open the sub-workflow's run");
            link.setId("run-step-child");
            add(link);
        }
    }

    private void nextAttempt(StepRow row) {
        if (row.status() != StepStatus.QUEUED || row.wakeAt() == null || !row.wakeAt().isAfter(Instant.now())) {
            return;
        }
        Paragraph next;
        if (row.error() != null) {
            next = new Paragraph("Attempt " + (row.attempt() - 1) + " failed: " + row.error() + ". Next attempt " + until(row.wakeAt())
                    + " (" + Feedback.dateTime(row.wakeAt()) + ").");
        } else {
            next = new Paragraph("Waiting for the connection's rate-limit budget: starts " + until(row.wakeAt()) + ".");
        }
        next.setId("run-step-next");
        add(next);
    }

    /** "in 12 s", "in 3 min 4 s". */
    static String until(Instant at) {
        Duration left = Duration.between(Instant.now(), at);
        return left.isNegative() ? "now" : "in " + RunView.duration(left);
    }

    private static Paragraph muted(String text) {
        var p = new Paragraph(text);
        p.addClassName("fm-muted");
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String json) {
        try {
            Object value = JSON.readValue(json, Object.class);
            return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static String write(@Nullable Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            return "null";
        }
    }
}
