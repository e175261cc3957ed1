package io.flowmeter.workflow.ui;

import io.flowmeter.workflow.StepValue;
import io.flowmeter.workflow.domain.WorkflowDefinition.Node;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How one field of the value section changes a node's value field (the form itself: WorkflowBuilderViewTest). */
class StepValueFormTest {

    static Node node(Map<String, Object> value) {
        return new Node("a", "core.noop", null, null, null, null, null, value.isEmpty() ? null : new LinkedHashMap<>(value));
    }

    static StepValue minutes(String minutes) {
        return new StepValue(new BigDecimal(minutes), null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void storesTheSettingAsAsMapDoesInTheOrderOfTheKeys() {
        Node changed = StepValueForm.withSetting(node(Map.of("evidence", "Timed")), "minutes", minutes("4.500"));
        assertThat(changed.value()).containsExactly(Map.entry("minutes", "4.5"), Map.entry("evidence", "Timed"));
    }

    @Test
    void changesOnlyTheGivenSetting() {
        // the form's other fields may differ from the node (a number being typed): only the edited key is taken
        Node changed = StepValueForm.withSetting(node(Map.of("minutes", "2", "rate", "Support")), "rate", minutes("9"));
        assertThat(changed.value()).containsExactly(Map.entry("minutes", "2"));
    }

    @Test
    void anUnsetSettingIsRemovedAndNoSettingsAreNoValueField() {
        assertThat(StepValueForm.withSetting(node(Map.of("minutes", "2")), "minutes", StepValue.NONE).value()).isNull();
        assertThat(StepValueForm.withSetting(node(Map.of()), "evidence", StepValue.NONE).value()).isNull();
    }

    @Test
    void keepsUnknownKeysForTheValidatorToName() {
        Node changed = StepValueForm.withSetting(node(Map.of("minuts", 5)), "minutes", minutes("5"));
        assertThat(changed.value()).containsExactly(Map.entry("minutes", "5"), Map.entry("minuts", 5));
    }
}
