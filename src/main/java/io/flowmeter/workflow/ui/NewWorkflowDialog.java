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
 * "New workflow": start blank, describe it in a sentence for the organization's model to draft, start from a template
 * of the library (filtered by category; each says what it saves and which connections it needs), or import a file.
 */
class NewWorkflowDialog extends Dialog {

    static final String ALL = "all";

    private final WorkflowTemplates templates;
    private final Consumer<UUID> open;
    private final Div cards = new Div();

    private final io.flowmeter.workflow.gallery.AiDrafts drafts;
    private final io.flowmeter.connection.ConnectionChoices connections;
    private final com.vaadin.flow.component.textfield.TextArea describe = new com.vaadin.flow.component.textfield.TextArea("Describe it");
    private final Select<String> provider = new Select<>();
    private final com.vaadin.flow.component.textfield.TextField model = new com.vaadin.flow.component.textfield.TextField("Model");
    private final com.vaadin.flow.component.combobox.ComboBox<io.flowmeter.connection.ConnectionChoices.Choice> connection =
            new com.vaadin.flow.component.combobox.ComboBox<>("Connection");
    private final com.vaadin.flow.component.textfield.TextField baseUrl = new com.vaadin.flow.component.textfield.TextField("Or an API address");
    private final Button draftButton = new Button("Draft it");

    NewWorkflowDialog(WorkflowTemplates templates, io.flowmeter.workflow.gallery.AiDrafts drafts, io.flowmeter.connection.ConnectionChoices connections,
                      Runnable blank, Runnable importFile, Consumer<UUID> open) {
        this.templates = templates;
        this.drafts = drafts;
        this.connections = connections;
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
        add(top, describeIt(), cards);
        show(ALL);
        var cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel);
    }

    /** "Describe it": a sentence, the model to ask and how to reach it. */
    private Div describeIt() {
        describe.setId("new-describe");
        describe.setWidthFull();
        describe.setMaxLength(io.flowmeter.workflow.gallery.AiDrafts.MAX_DESCRIPTION);
        describe.setPlaceholder("When a Stripe payment succeeds, add a row to our Sales sheet and tell #sales in Slack");
        describe.setHelperText("Your model drafts the steps; the draft opens on the canvas for you to check. Nothing is published.");
        provider.setId("new-provider");
        provider.setLabel("Model API");
        provider.setItems("llm.chat", "llm.anthropic");
        provider.setItemLabelGenerator(p -> p.equals("llm.chat") ? "OpenAI-compatible" : "Anthropic");
        provider.setValue("llm.chat");
        model.setId("new-model");
        model.setValue("gpt-4o-mini");
        connection.setId("new-connection");
        connection.setItemLabelGenerator(io.flowmeter.connection.ConnectionChoices.Choice::name);
        connection.setItems(connections.usableBy("llm"));
        connection.setClearButtonVisible(true);
        baseUrl.setId("new-base-url");
        baseUrl.setPlaceholder("http://localhost:11434/v1");
        baseUrl.setTooltipText("An OpenAI-compatible API without a connection, e.g. a local Ollama");
        provider.addValueChangeListener(e -> {
            baseUrl.setVisible("llm.chat".equals(e.getValue()));
            model.setValue("llm.chat".equals(e.getValue()) ? "gpt-4o-mini" : "claude-3-5-haiku-latest");
        });
        draftButton.setIcon(VaadinIcon.MAGIC.create());
        draftButton.addClickListener(e -> draft());
        draftButton.setId("new-draft");
        draftButton.setDisableOnClick(true);
        var settings = new HorizontalLayout(provider, model, connection, baseUrl, draftButton);
        settings.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        settings.setWrap(true);
        var box = new Div(describe, settings);
        box.addClassName("fm-card");
        box.getStyle().set("width", "auto").set("margin-top", "var(--lumo-space-m)");
        box.setId("new-describe-box");
        return box;
    }

    private void draft() {
        describe.setInvalid(false);
        try {
            var chosen = connection.getValue();
            UUID id = drafts.draft(describe.getValue(), new io.flowmeter.workflow.gallery.AiDrafts.Model(provider.getValue(), model.getValue().strip(),
                    chosen == null ? null : chosen.id(), baseUrl.isVisible() ? baseUrl.getValue() : null)).getId();
            close();
            Feedback.success("Drafted: check its steps and give them their connections before you publish");
            open.accept(id);
        } catch (io.flowmeter.shared.ValidationFailedException problem) {
            describe.setErrorMessage(problem.getMessage() + ": " + String.join("; ", problem.violations().stream().limit(3).map(Object::toString).toList()));
            describe.setInvalid(true);
        } catch (io.flowmeter.shared.InvalidInputException problem) {
            describe.setErrorMessage(problem.getMessage());
            describe.setInvalid(true);
        } finally {
            draftButton.setEnabled(true);
        }
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
