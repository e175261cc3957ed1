package io.flowmeter.workflow.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;

import java.util.function.Consumer;

/** Publishing with a version note ("what changed"), which the version history shows. */
class PublishDialog extends Dialog {

    PublishDialog(String workflowName, int nextNumber, String suggestedNote, Consumer<String> publish) {
        setHeaderTitle("Publish " + workflowName + " as version " + nextNumber);
        setWidth("min(30rem, 95vw)");
        var note = new TextArea("Version note (optional)");
        note.setPlaceholder("What changed, e.g. \"Post to #sales instead of #general\"");
        note.setMaxLength(500);
        note.setWidthFull();
        note.setValue(suggestedNote);
        note.setId("publish-note");
        var explain = new Paragraph("The published version is frozen: new runs use it, runs already going keep theirs, and "
                + "the draft stays editable. " + (nextNumber == 1 ? "Its trigger switches on now." : "The trigger follows the new version."));
        explain.addClassName("fm-muted");
        add(note, explain);
        var confirm = new Button("Publish", e -> {
            close();
            publish.accept(note.getValue());
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.setId("publish-confirm");
        confirm.addClickShortcut(Key.ENTER, com.vaadin.flow.component.KeyModifier.CONTROL);
        getFooter().add(new Button("Cancel", e -> close()), confirm);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                note.focus();
            }
        });
    }
}
