package io.flowmeter.workflow.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;

/**
 * Someone else saved the draft while this editor had it open: their work is never overwritten. Reload shows
 * theirs (this editor's unsaved changes are dropped); keep looking leaves this copy on screen, unsaved.
 */
class DraftConflictDialog extends Dialog {

    DraftConflictDialog(String message, Runnable reload) {
        setHeaderTitle("This draft was changed by someone else");
        setWidth("min(30rem, 95vw)");
        setCloseOnOutsideClick(false);
        var text = new Paragraph(message);
        text.setId("conflict-message");
        add(text);
        var reloadButton = new Button("Reload their version", e -> {
            close();
            reload.run();
        });
        reloadButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        reloadButton.setId("conflict-reload");
        var keep = new Button("Keep looking (not saved)", e -> close());
        getFooter().add(keep, reloadButton);
    }
}
