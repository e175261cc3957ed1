package io.flowmeter.workflow.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.ValidationFailedException;
import io.flowmeter.workflow.importer.ImportResult;
import io.flowmeter.workflow.service.WorkflowImports;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * "Import": a workflow file uploaded (a Flowmeter export, or an n8n export, told apart by its content) becomes a new
 * workflow; for n8n, the dialog then lists what could not be imported, by node and parameter, before the builder opens.
 */
class ImportWorkflowDialog extends Dialog {

    static final int MAX_BYTES = 5_000_000;

    private final WorkflowImports imports;
    private final ObjectMapper json;
    private final Consumer<UUID> open;
    private final Div result = new Div();
    private final Paragraph problem = new Paragraph();

    ImportWorkflowDialog(WorkflowImports imports, ObjectMapper json, Consumer<UUID> open) {
        this.imports = imports;
        this.json = json;
        this.open = open;
        setHeaderTitle("Import a workflow");
        setWidth("min(40rem, 95vw)");
        var intro = new Paragraph("Upload a workflow exported from Flowmeter (Export JSON) or from n8n (Download, or a copied workflow saved "
                + "as .json). n8n nodes without a Flowmeter equivalent become placeholders you replace before publishing.");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY);
        var upload = new Upload(UploadHandler.inMemory((metadata, bytes) -> getUI().ifPresent(ui -> ui.access(() -> importBytes(metadata.fileName(), bytes)))));
        upload.setId("import-upload");
        upload.setAcceptedFileTypes("application/json", ".json");
        upload.setMaxFiles(1);
        upload.setMaxFileSize(MAX_BYTES);
        upload.addFileRejectedListener(e -> showProblem(e.getErrorMessage()));
        problem.setId("import-problem");
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        problem.setVisible(false);
        result.setId("import-result");
        add(intro, upload, problem, result);
        var close = new Button("Close", e -> close());
        close.setId("import-close");
        getFooter().add(close);
    }

    /** Imports one uploaded file and shows what happened. */
    void importBytes(String fileName, byte[] bytes) {
        problem.setVisible(false);
        result.removeAll();
        JsonNode file;
        try {
            file = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            showProblem(fileName + " is not JSON: " + e.getOriginalMessage());
            return;
        } catch (java.io.IOException e) {
            showProblem(fileName + " could not be read");
            return;
        }
        if (file == null || !file.isObject()) {
            showProblem(fileName + " is not a workflow: a workflow file is a JSON object");
            return;
        }
        WorkflowImports.Imported imported;
        try {
            imported = imports.importFile(WorkflowImports.Format.detect(file), file);
        } catch (ValidationFailedException e) {
            var details = e.violations().stream().map(Object::toString).filter(v -> !v.equals(e.getMessage())).limit(5).toList();
            showProblem(details.isEmpty() ? e.getMessage() : e.getMessage() + ": " + String.join("; ", details));
            return;
        } catch (InvalidInputException e) {
            showProblem(e.getMessage());
            return;
        }
        UUID id = imported.workflow().getId();
        int all = imported.imported().size() + (int) imported.unsupported().stream().filter(u -> u.parameter() == null).count();
        var summary = new Paragraph(imported.unsupported().isEmpty() && imported.notes().isEmpty()
                ? "Imported “" + imported.workflow().getName() + "”: all " + all + " steps."
                : "Imported “" + imported.workflow().getName() + "”: " + imported.imported().size() + " of " + all + " steps work as they are.");
        summary.setId("import-summary");
        result.add(summary);
        if (!imported.unsupported().isEmpty()) {
            var list = new UnorderedList();
            list.setId("import-unsupported");
            for (ImportResult.Unsupported u : imported.unsupported()) {
                var node = new Span(u.node());
                node.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
                list.add(new ListItem(node, new Span((u.parameter() == null ? " (placeholder): " : " · " + u.parameter() + ": ") + u.reason())));
            }
            result.add(new Paragraph("Not imported:"), list);
        }
        if (!imported.notes().isEmpty()) {
            var list = new UnorderedList();
            list.setId("import-notes");
            imported.notes().forEach(n -> list.add(new ListItem(n.node() + ": " + n.note())));
            result.add(new Paragraph("Good to know:"), list);
        }
        var openIt = new Button("Open in the builder", e -> {
            close();
            open.accept(id);
        });
        openIt.setId("import-open");
        openIt.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        result.add(openIt);
    }

    private void showProblem(String message) {
        problem.setText(message);
        problem.setVisible(true);
    }
}
