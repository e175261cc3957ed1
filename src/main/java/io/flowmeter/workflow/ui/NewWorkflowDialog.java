package io.flowmeter.workflow.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.workflow.gallery.WorkflowTemplate;
import io.flowmeter.workflow.gallery.WorkflowTemplates;

import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * "New workflow": start blank, from a template of the library (filtered by category; each says what it saves and
 * which connections it needs), or import a file.
 */
class NewWorkflowDialog extends Dialog {

    static final String ALL = "all";

    private final WorkflowTemplates templates;
    private final Consumer<UUID> open;
    private final Div cards = new Div();

    NewWorkflowDialog(WorkflowTemplates templates, Runnable blank, Runnable importFile, Consumer<UUID> open) {
        this.templates = templates;
        this.open = open;
        setHeaderTitle("New workflow");
        setWidth("min(60rem, 95vw)");
        var startBlank = new Button("Blank workflow", VaadinIcon.FILE_O.create(), e -> {
            close();
            blank.run();
        });
        startBlank.setId("new-blank");
        var importIt = new Button("Import a file…", VaadinIcon.UPLOAD.create(), e -> {
            close();
            importFile.run();
        });
        importIt.setId("new-import");
        var category = new Select<String>();
        category.setId("new-category");
        category.setLabel("Templates");
        category.setItems(java.util.stream.Stream.concat(java.util.stream.Stream.of(ALL), WorkflowTemplate.CATEGORIES.stream()).toList());
        category.setItemLabelGenerator(NewWorkflowDialog::label);
        category.setValue(ALL);
        category.addValueChangeListener(e -> show(e.getValue()));
        var top = new HorizontalLayout(startBlank, importIt, category);
        top.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        top.setWrap(true);
        cards.setId("new-templates");
        cards.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fill, minmax(16rem, 1fr))").set("gap", "var(--lumo-space-m)")
                .set("margin-top", "var(--lumo-space-m)");
        add(top, cards);
        show(ALL);
        var cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel);
    }

    static String label(String category) {
        return switch (category) {
            case ALL -> "All categories";
            case "ai" -> "AI";
            case "ops" -> "Operations";
            default -> category.substring(0, 1).toUpperCase(Locale.ROOT) + category.substring(1);
        };
    }

    private void show(String category) {
        cards.removeAll();
        for (WorkflowTemplate t : templates.all()) {
            if (!ALL.equals(category) && !t.category().equals(category)) {
                continue;
            }
            var card = new Div();
            card.addClassName("fm-card");
            card.addClassName("fm-template");
            card.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-xs)").set("width", "auto");
            var kind = new Span(label(t.category()));
            kind.getElement().getThemeList().add("badge contrast small");
            kind.getStyle().set("align-self", "flex-start");
            var title = new H4(t.title());
            title.getStyle().set("margin", "0");
            var summary = new Paragraph(t.summary());
            summary.getStyle().set("margin", "0");
            var saves = new Span("Saves: " + t.saves());
            saves.addClassNames(LumoUtility.FontSize.SMALL);
            var needs = new Span("Needs: " + String.join(", ", t.needs()));
            needs.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
            var use = new Button("Use this template", e -> use(t));
            use.setId("template-" + t.key());
            use.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
            use.getStyle().set("margin-top", "auto").set("align-self", "flex-start");
            card.add(kind, title, summary, saves, needs, use);
            cards.add(card);
        }
    }

    private void use(WorkflowTemplate template) {
        try {
            UUID id = templates.create(template.key()).getId();
            close();
            Feedback.success("Created from the template: give its steps their connections, test it and publish");
            open.accept(id);
        } catch (RuntimeException problem) {
            Feedback.error(problem.getMessage());
        }
    }
}
