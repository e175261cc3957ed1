package io.flowmeter.engine.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.flowmeter.engine.domain.RunStatus;
import io.flowmeter.engine.domain.StepStatus;
import io.flowmeter.engine.service.RunService;
import io.flowmeter.engine.service.RunService.RerunFrom;
import io.flowmeter.engine.service.RunService.RerunVersion;
import io.flowmeter.engine.service.RunStore.RunRow;
import io.flowmeter.shared.ui.Feedback;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * The top of a run's page: workflow, status, version, trigger, business key, times and progress; the runs it is
 * linked to (what it re-ran, its re-runs, the run that started it as a sub-workflow); the failure in plain words; and
 * the run's actions for operators: cancel, pause, resume, re-run from the failed step or from the start, on the same
 * or the latest version.
 */
class RunHeader extends VerticalLayout {

    /** The run actions, carried out by the run view. */
    interface Actions {
        void cancel();

        void pause();

        void resume();

        void rerun(RerunFrom from, RerunVersion version);

        void select(String nodeId);
    }

    RunHeader(RunService.RunDetails details, String workflowName, @Nullable Integer latestVersion, RunService.RunLinks links,
              Function<String, String> names, boolean operator, Actions actions) {
        setPadding(true);
        setSpacing(false);
        addClassName("fm-run-header");
        RunRow run = details.run();
        var status = new Span(run.status().name().toLowerCase(Locale.ROOT));
        status.getElement().getThemeList().add(switch (run.status()) {
            case SUCCEEDED -> "badge success";
            case FAILED -> "badge error";
            case CANCELLED -> "badge contrast";
            default -> "badge";
        });
        status.setId("run-status");
        var name = new Anchor("workflows/" + run.workflowId(), workflowName);
        var title = new H3(name);
        title.addClassName("fm-panel-title");
        var top = new HorizontalLayout(title, status);
        if (run.parked()) {
            var parked = new Span("parked");
            parked.getElement().getThemeList().add("badge error contrast");
            parked.getElement().setAttribute("title", "Failed and waiting for someone to retry it (Re-run from the failed step)");
            parked.setId("run-parked");
            top.add(parked);
        }
        top.setAlignItems(FlexComponent.Alignment.CENTER);
        long done = details.steps().stream().filter(s -> s.step().status().settled()).count();
        Instant end = run.finishedAt() == null ? Instant.now() : run.finishedAt();
        var meta = new Span("Version " + run.versionNumber() + " · " + run.triggerKind()
                + (run.businessKey() == null ? "" : " · key " + run.businessKey())
                + " · started " + Feedback.dateTime(run.createdAt())
                + " · " + RunView.duration(Duration.between(run.createdAt(), end)) + (run.finishedAt() == null ? " so far" : "")
                + " · steps " + done + "/" + details.steps().size());
        meta.addClassName("fm-muted");
        meta.setId("run-meta");
        add(top, meta);
        linked(links);
        failure(details, names, actions);
        if (operator) {
            add(actions(run, latestVersion, actions));
        }
    }

    private void linked(RunService.RunLinks links) {
        var line = new Div();
        line.setId("run-links");
        line.addClassName("fm-muted");
        if (links.rerunOf() != null) {
            line.add(new Span("Re-run of "), link(links.rerunOf(), "run-link-original"), new Span(". "));
        }
        if (!links.reruns().isEmpty()) {
            line.add(new Span(links.reruns().size() == 1 ? "Re-run as " : "Re-run as "));
            for (int i = 0; i < links.reruns().size(); i++) {
                if (i > 0) {
                    line.add(new Span(", "));
                }
                line.add(link(links.reruns().get(i), "run-link-rerun-" + i));
            }
            line.add(new Span(". "));
        }
        if (links.parentRunId() != null) {
            line.add(new Span("Started as a sub-workflow by "), link(links.parentRunId(), "run-link-parent"), new Span("."));
        }
        if (line.getChildren().findAny().isPresent()) {
            add(line);
        }
    }

    private static Anchor link(UUID run, String id) {
        var anchor = new Anchor("runs/" + run, "run " + run.toString().substring(0, 8));
        anchor.setId(id);
        return anchor;
    }

    private void failure(RunService.RunDetails details, Function<String, String> names, Actions actions) {
        RunRow run = details.run();
        var failed = details.steps().stream().filter(s -> s.step().status() == StepStatus.FAILED && s.step().error() != null).findFirst();
        if (failed.isPresent()) {
            var step = failed.get();
            String type = step.type();
            String connector = type == null || !type.contains(".") ? null : type.substring(0, type.indexOf('.'));
            var advice = ErrorAdvice.explain(step.step().error(), connector, run.workflowId());
            var text = new Paragraph("Step “" + names.apply(step.step().nodeId()) + "” failed. " + advice.plain() + " " + advice.todo());
            text.addClassName("fm-preview-error");
            text.setId("run-failure");
            text.getStyle().set("margin", "var(--lumo-space-xs) 0 0");
            var show = new Button("Show the step", e -> actions.select(step.step().nodeId()));
            show.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            show.setId("run-failure-show");
            var row = new HorizontalLayout(show);
            row.setAlignItems(FlexComponent.Alignment.BASELINE);
            if (advice.link() != null) {
                var fix = new Anchor(advice.link(), advice.linkText());
                fix.setId("run-failure-fix");
                row.add(fix);
            }
            add(text, row);
        } else if (run.error() != null) {
            var error = new Paragraph(run.error());
            error.addClassName("fm-preview-error");
            error.setId("run-failure");
            add(error);
        }
    }

    private HorizontalLayout actions(RunRow run, @Nullable Integer latestVersion, Actions actions) {
        var bar = new HorizontalLayout();
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        bar.setId("run-actions");
        if (!run.status().finished()) {
            var cancel = button("Cancel", "run-cancel", VaadinIcon.STOP, actions::cancel);
            cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
            if (run.status() == RunStatus.RUNNING) {
                bar.add(button("Pause", "run-pause", VaadinIcon.PAUSE, actions::pause));
            } else if (run.status() == RunStatus.PAUSED) {
                bar.add(button("Resume", "run-resume", VaadinIcon.PLAY, actions::resume));
            }
            bar.add(cancel);
        } else if (run.scopeNode() == null) {
            var latest = new Checkbox("on the latest version (v" + latestVersion + ")");
            latest.setId("run-rerun-latest");
            latest.setVisible(latestVersion != null && latestVersion != run.versionNumber());
            if (run.status() != RunStatus.SUCCEEDED) {
                bar.add(button("Re-run from the failed step", "run-rerun-failed", VaadinIcon.REFRESH,
                        () -> actions.rerun(RerunFrom.FAILED_STEP, latest.getValue() ? RerunVersion.LATEST : RerunVersion.SAME)));
            }
            bar.add(button("Re-run from the start", "run-rerun-start", VaadinIcon.REPLY,
                    () -> actions.rerun(RerunFrom.START, latest.getValue() ? RerunVersion.LATEST : RerunVersion.SAME)));
            bar.add(latest);
        }
        return bar;
    }

    private static Button button(String label, String id, VaadinIcon icon, Runnable work) {
        var button = new Button(label, icon.create(), e -> work.run());
        button.addThemeVariants(ButtonVariant.LUMO_SMALL);
        button.setId(id);
        return button;
    }
}
