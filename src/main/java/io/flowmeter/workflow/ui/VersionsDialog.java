package io.flowmeter.workflow.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.workflow.domain.WorkflowVersion;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The published versions, newest first, with author, date and note: open one read-only on the canvas, compare it
 * with the one before, or restore it as the draft (publishing that rolls back).
 */
class VersionsDialog extends Dialog {

    VersionsDialog(List<WorkflowVersion> versions, Map<UUID, String> authors, boolean mayRestore, Consumer<Integer> view,
                   BiConsumer<Integer, Integer> compare, Consumer<Integer> restore) {
        setHeaderTitle("Version history");
        setWidth("min(52rem, 96vw)");
        if (versions.isEmpty()) {
            add(new Paragraph("Nothing published yet: the first Publish creates version 1."));
        } else {
            var grid = new Grid<WorkflowVersion>();
            grid.addColumn(v -> "v" + v.getNumber()).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
            grid.addColumn(v -> Feedback.dateTime(v.getPublishedAt())).setHeader("Published").setAutoWidth(true);
            grid.addColumn(v -> v.getPublishedBy() == null ? "—" : authors.getOrDefault(v.getPublishedBy(), "a former member"))
                    .setHeader("By").setAutoWidth(true);
            grid.addColumn(v -> v.getNote() == null ? "" : v.getNote()).setHeader("Note").setFlexGrow(1)
                    .setTooltipGenerator(v -> v.getNote() == null ? "" : v.getNote());
            grid.addComponentColumn(v -> {
                var open = new Button("View", e -> {
                    close();
                    view.accept(v.getNumber());
                });
                open.setId("version-view-" + v.getNumber());
                var diff = new Button("Changes", e -> {
                    close();
                    compare.accept(v.getNumber() - 1, v.getNumber());
                });
                diff.setEnabled(v.getNumber() > 1);
                diff.setTooltipText("Compare with v" + (v.getNumber() - 1));
                diff.setId("version-diff-" + v.getNumber());
                var back = new Button("Restore", e -> Feedback.confirmDestructive("Restore version " + v.getNumber() + " as the draft?",
                        "The draft is replaced by version " + v.getNumber() + ". Published versions stay as they are; publish "
                                + "the restored draft to roll back.", "Restore", () -> restore.accept(v.getNumber()), this::close));
                back.setVisible(mayRestore);
                back.setId("version-restore-" + v.getNumber());
                for (Button b : List.of(open, diff, back)) {
                    b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                }
                var row = new HorizontalLayout(open, diff, back);
                row.setSpacing(false);
                return row;
            }).setHeader("").setAutoWidth(true).setFlexGrow(0);
            grid.setItems(versions);
            grid.setAllRowsVisible(versions.size() <= 10);
            grid.setId("version-grid");
            add(grid);
        }
        getFooter().add(new Button("Close", e -> close()));
    }
}
