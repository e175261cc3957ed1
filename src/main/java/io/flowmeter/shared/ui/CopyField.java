package io.flowmeter.shared.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;

/** A read-only value a person may need elsewhere (an id, an address), with a button that copies it. */
public class CopyField extends TextField {

    public CopyField(String label, String value) {
        super(label);
        setValue(value);
        setReadOnly(true);
        setWidthFull();
        var copy = new Button(VaadinIcon.COPY.create());
        copy.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON);
        copy.setAriaLabel("Copy " + label.toLowerCase(java.util.Locale.ROOT));
        copy.setTooltipText("Copy");
        copy.addClickListener(e -> {
            // the clipboard API needs a secure context (https or localhost); selecting the text is the fallback
            getElement().executeJs("const f = this; (navigator.clipboard ? navigator.clipboard.writeText($0) : Promise.reject())"
                    + ".catch(() => { const i = f.inputElement; i.select(); document.execCommand('copy'); });", getValue());
            Feedback.success("Copied " + label.toLowerCase(java.util.Locale.ROOT));
        });
        setSuffixComponent(copy);
    }
}
