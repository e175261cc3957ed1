package io.flowmeter.workflow;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node's value settings read strictly: numbers however JSON gives them, blanks as absent, and back as a map. */
class StepValueTest {

    @Test
    void nothingIsNone() {
        assertThat(StepValue.of(null)).isEqualTo(StepValue.NONE);
        assertThat(StepValue.of(Map.of())).isEqualTo(StepValue.NONE);
        assertThat(StepValue.NONE.asMap()).isEmpty();
        assertThat(StepValue.NONE.savesSomething()).isFalse();
        assertThat(StepValue.NONE.perItem()).isFalse();
    }

    @Test
    void readsNumbersGivenAsJsonNumbersOrNumericText() {
        var value = StepValue.of(Map.of("minutes", 5, "minutesPerItem", 0.25, "outcome", new BigDecimal("12.50"),
                "outcomePerItem", " 1.5 ", "minutesToDecide", "3", "items", "rows"));
        assertThat(value.minutes()).isEqualByComparingTo("5");
        assertThat(value.minutesPerItem()).isEqualByComparingTo("0.25");
        assertThat(value.outcome()).isEqualByComparingTo("12.5");
        assertThat(value.outcomePerItem()).isEqualByComparingTo("1.5");
        assertThat(value.minutesToDecide()).isEqualByComparingTo("3");
        assertThat(StepValue.of(Map.of("minutes", 10_080L)).minutes()).isEqualByComparingTo("10080");
        assertThat(StepValue.of(Map.of("minutes", "0")).minutes()).isEqualByComparingTo("0");
    }

    @Test
    void blankTextIsAbsent() {
        Map<String, Object> blank = new HashMap<>();
        blank.put("minutes", "  ");
        blank.put("outcome", "");
        blank.put("evidence", " ");
        blank.put("rate", "");
        blank.put("confidence", "");
        blank.put("evidenceUrl", "   ");
        blank.put("items", null);
        assertThat(StepValue.of(blank)).isEqualTo(StepValue.NONE);
    }

    @Test
    void textIsStrippedAndChoicesLowerCased() {
        var value = StepValue.of(Map.of("rate", "  Support team ", "evidence", " Timed 20 tickets\n", "confidence", "HIGH",
                "basis", "Measured", "evidenceUrl", " https://wiki.example.com/timing "));
        assertThat(value.rate()).isEqualTo("Support team");
        assertThat(value.evidence()).isEqualTo("Timed 20 tickets");
        assertThat(value.confidence()).isEqualTo("high");
        assertThat(value.basis()).isEqualTo("measured");
        assertThat(value.evidenceUrl()).isEqualTo("https://wiki.example.com/timing");
    }

    @Test
    void refusesWithAMessageNamingTheKey() {
        assertThatThrownBy(() -> StepValue.of(Map.of("saved", 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown value setting 'saved'");
        assertThatThrownBy(() -> StepValue.of(Map.of("minutes", "1,5"))).hasMessage("Value setting 'minutes' must be a number, not '1,5'");
        assertThatThrownBy(() -> StepValue.of(Map.of("outcome", -0.01))).hasMessage("Value setting 'outcome' must be between 0 and 1000000000");
        assertThatThrownBy(() -> StepValue.of(Map.of("minutes", 10_081))).hasMessage("Value setting 'minutes' must be between 0 and 10080");
        assertThatThrownBy(() -> StepValue.of(Map.of("minutes", "1.0000001"))).hasMessage("Value setting 'minutes' has more than 6 decimals");
        assertThatThrownBy(() -> StepValue.of(Map.of("evidence", "x".repeat(2001)))).hasMessage("Value setting 'evidence' is longer than 2000 characters");
        assertThatThrownBy(() -> StepValue.of(Map.of("items", "rows[]"))).hasMessageContaining("'items' names a field of the step's output");
        assertThatThrownBy(() -> StepValue.of(Map.of("evidenceUrl", "mailto:ops@example.com"))).hasMessageContaining("http or https");
    }

    @Test
    void asMapRoundTrips() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("minutes", 4.50);
        given.put("minutesPerItem", "0.250");
        given.put("items", "body.rows");
        given.put("outcome", 12);
        given.put("outcomePerItem", "1.5");
        given.put("rate", "Support team");
        given.put("minutesToDecide", "2");
        given.put("evidence", "Timed 20 tickets");
        given.put("evidenceUrl", "https://wiki.example.com/timing");
        given.put("confidence", "medium");
        given.put("basis", "assumed");
        StepValue value = StepValue.of(given);
        Map<String, Object> map = value.asMap();
        // numbers are stored as plain decimal text without trailing zeros, in the order of KEYS
        assertThat(map).containsExactly(Map.entry("minutes", "4.5"), Map.entry("minutesPerItem", "0.25"), Map.entry("items", "body.rows"),
                Map.entry("outcome", "12"), Map.entry("outcomePerItem", "1.5"), Map.entry("rate", "Support team"),
                Map.entry("minutesToDecide", "2"), Map.entry("evidence", "Timed 20 tickets"),
                Map.entry("evidenceUrl", "https://wiki.example.com/timing"), Map.entry("confidence", "medium"), Map.entry("basis", "assumed"));
        assertThat(map.keySet()).containsExactlyElementsOf(StepValue.KEYS);
        assertThat(StepValue.of(map)).isEqualTo(StepValue.of(StepValue.of(map).asMap()));
        assertThat(StepValue.of(map).asMap()).isEqualTo(map);
        assertThat(StepValue.of(Map.of("minutes", new BigDecimal("1E+2"))).asMap()).containsExactly(Map.entry("minutes", "100"));
        assertThat(StepValue.of(Map.of("evidence", "x", "minutes", "")).asMap()).containsExactly(Map.entry("evidence", "x"));
    }

    @Test
    void savesSomethingAndPerItem() {
        assertThat(StepValue.of(Map.of("minutes", 1)).savesSomething()).isTrue();
        assertThat(StepValue.of(Map.of("outcome", "0.01")).savesSomething()).isTrue();
        assertThat(StepValue.of(Map.of("minutes", 1)).perItem()).isFalse();
        assertThat(StepValue.of(Map.of("minutesPerItem", 2, "items", "rows")).perItem()).isTrue();
        assertThat(StepValue.of(Map.of("outcomePerItem", 2)).perItem()).isTrue();
        assertThat(StepValue.of(Map.of("outcomePerItem", 2)).savesSomething()).isTrue();
        // zero saves nothing; evidence and a decision's cost are no savings
        assertThat(StepValue.of(Map.of("minutes", 0, "minutesPerItem", "0")).savesSomething()).isFalse();
        assertThat(StepValue.of(Map.of("minutesPerItem", "0")).perItem()).isFalse();
        assertThat(StepValue.of(Map.of("minutesToDecide", 5, "evidence", "Timed", "confidence", "high")).savesSomething()).isFalse();
    }
}
