package io.flowmeter.shared.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {

    private final StrictJson json = new StrictJson(new ObjectMapper());

    @Test
    void readsOrdinaryDocuments() throws IOException {
        // an escaped backslash followed by "u0000" is text, not NUL
        Object value = json.read("{\"a\": [1, 2.5, \"x\\\\u0000\", \"\\u0001\"], \"b\": true}");
        assertThat(value).isEqualTo(Map.of("a", List.of(1, 2.5, "x\\u0000", "\u0001"), "b", true));
    }

    @Test
    void refusesTrailingContent() {
        for (String text : List.of("{\"a\":1}}", "{} xyz", "[1] [2]", "1 2")) {
            assertThatThrownBy(() -> json.read(text)).as(text).isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(StrictJson.describe(e)).startsWith("Malformed JSON: "));
        }
    }

    @Test
    void refusesNumbersBeyondADouble() {
        for (String text : List.of("{\"n\": 1e400}", "[-1e400]", "1e999")) {
            assertThatThrownBy(() -> json.read(text)).as(text).isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(StrictJson.describe(e)).contains("out of range"));
        }
    }

    @Test
    void refusesNulEscapesInValuesAndNames() {
        for (String text : List.of("{\"a\":\"x\\u0000y\"}", "{\"a\\u0000\":1}", "[\"\\\\\\u0000\"]", "\"\\u0000\"")) {
            assertThatThrownBy(() -> json.read(text)).as(text).isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(StrictJson.describe(e)).isEqualTo("NUL characters (\\u0000) are not accepted in JSON"));
            assertThatThrownBy(() -> json.read(text.getBytes(StandardCharsets.UTF_8))).as(text).isInstanceOf(IOException.class);
        }
    }

    @Test
    void refusesJsonThatIsNotUtf8WhoseZeroBytesWouldHideEscapes() {
        for (var charset : List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, java.nio.charset.Charset.forName("UTF-32"))) {
            byte[] bytes = "{\"a\": \"\\u0000\"}".getBytes(charset);
            assertThatThrownBy(() -> json.read(bytes)).as(charset.name()).isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(StrictJson.describe(e)).isEqualTo("JSON must be encoded as UTF-8, without NUL bytes"));
        }
    }

    @Test
    void refusesRawNulBytes() {
        assertThatThrownBy(() -> json.read("{\"a\":\"x\u0000\"}")).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(StrictJson.describe(e)).startsWith("Malformed JSON"));
    }

    @Test
    void limitsNesting() throws IOException {
        String ok = "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH);
        assertThat(json.read(ok)).isInstanceOf(List.class);
        String deep = "{\"a\":".repeat(StrictJson.MAX_DEPTH + 1) + "1" + "}".repeat(StrictJson.MAX_DEPTH + 1);
        assertThatThrownBy(() -> json.read(deep)).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(StrictJson.describe(e)).isEqualTo("The JSON is nested too deeply (at most 200 levels)"));
    }

    @Test
    void describesMalformedJsonWithItsPosition() {
        assertThatThrownBy(() -> json.read("{\"a\": }")).satisfies(e ->
                assertThat(StrictJson.describe(e)).startsWith("Malformed JSON: Unexpected character").contains("line 1, column 7"));
    }

    @Test
    void describesWrongShapesWithoutJavaTypes() {
        assertThatThrownBy(() -> json.mapper().readValue("{\"names\": 5}", Shape.class)).satisfies(e ->
                assertThat(StrictJson.describe(e)).isEqualTo("Unexpected JSON value at 'names': expected a list").doesNotContain("java"));
    }

    @Test
    void describesAValueObjectsRefusalByItsOwnReason() {
        assertThatThrownBy(() -> json.mapper().readValue("{\"size\": -1}", Sized.class)).satisfies(e ->
                assertThat(StrictJson.describe(e)).isEqualTo("Invalid value: size must be positive").doesNotContain("io.flowmeter"));
    }

    record Shape(List<String> names) {
    }

    record Sized(int size) {
        Sized {
            if (size < 0) {
                throw new IllegalArgumentException("size must be positive");
            }
        }
    }
}
