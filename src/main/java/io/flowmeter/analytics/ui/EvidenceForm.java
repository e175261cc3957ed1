package io.flowmeter.analytics.ui;

import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.flowmeter.analytics.service.RoiService;

import java.time.LocalDate;

/**
 * What every change of an assumption says about itself: the evidence (a note and a link), how sure its owner is,
 * whether it was measured or assumed, and the day it applies from (today unless said otherwise; earlier days keep
 * their figures until they are restated).
 */
class EvidenceForm extends FormLayout {

    private final TextArea evidence = new TextArea("Evidence");
    private final TextField link = new TextField("Evidence link");
    private final Select<String> confidence = new Select<>();
    private final Select<String> basis = new Select<>();
    private final DatePicker from = new DatePicker("Applies from");

    EvidenceForm(String idPrefix, LocalDate today) {
        evidence.setId(idPrefix + "-evidence");
        evidence.setHelperText("Why the figure is believable: a measurement, a source, who said so");
        evidence.setMaxLength(2000);
        link.setId(idPrefix + "-evidence-url");
        link.setPlaceholder("https://…");
        link.setMaxLength(2000);
        confidence.setId(idPrefix + "-confidence");
        confidence.setLabel("Confidence");
        confidence.setItems("low", "medium", "high");
        confidence.setValue("medium");
        basis.setId(idPrefix + "-basis");
        basis.setLabel("Basis");
        basis.setItems("measured", "assumed");
        basis.setValue("assumed");
        from.setId(idPrefix + "-effective-from");
        from.setValue(today);
        from.setHelperText("Facts before this day keep their figures until you restate them");
        add(evidence, 2);
        add(link, 2);
        add(confidence, basis, from);
        setResponsiveSteps(new ResponsiveStep("0", 1), new ResponsiveStep("24em", 2));
    }

    RoiService.Evidence value() {
        return new RoiService.Evidence(evidence.getValue(), link.getValue(), confidence.getValue(), basis.getValue(), from.getValue());
    }

    void setReadOnly(boolean readOnly) {
        evidence.setReadOnly(readOnly);
        link.setReadOnly(readOnly);
        confidence.setReadOnly(readOnly);
        basis.setReadOnly(readOnly);
        from.setReadOnly(readOnly);
    }

    /** Shows a problem on the field it names, if it is one of these. */
    boolean show(String field, String message) {
        com.vaadin.flow.component.HasValidation target = switch (field) {
            case "evidence" -> evidence;
            case "evidenceUrl" -> link;
            case "confidence" -> confidence;
            case "basis" -> basis;
            default -> null;
        };
        if (target == null) {
            return false;
        }
        target.setErrorMessage(message);
        target.setInvalid(true);
        return true;
    }
}
