package io.flowmeter.analytics.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** CSV cells a spreadsheet would run as formulas stay text. */
class RoiCsvTest {

    @Test
    void formulaLikeTextGetsAnApostrophe() {
        assertThat(RoiCsv.safe("=HYPERLINK(\"http://evil\")")).isEqualTo("'=HYPERLINK(\"http://evil\")");
        assertThat(RoiCsv.safe("+1")).isEqualTo("'+1");
        assertThat(RoiCsv.safe("-2")).isEqualTo("'-2");
        assertThat(RoiCsv.safe("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(RoiCsv.safe("\tx")).isEqualTo("'\tx");
        assertThat(RoiCsv.safe("Orders to CRM")).isEqualTo("Orders to CRM");
        assertThat(RoiCsv.safe(new java.math.BigDecimal("-2.50"))).isEqualTo(new java.math.BigDecimal("-2.50")); // numbers stay numbers
        assertThat(RoiCsv.safe(null)).isEqualTo("");
    }
}
