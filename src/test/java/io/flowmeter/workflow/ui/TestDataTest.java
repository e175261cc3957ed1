package io.flowmeter.workflow.ui;

import io.flowmeter.template.Templates;
import io.flowmeter.workflow.StepTests;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Field suggestions and previews: from test results where there are some, else from the actions' declared outputs. */
class TestDataTest {

    @Test
    void suggestionsComeFromTestsThenDeclaredOutputs() {
        var data = new TestData();
        data.trigger(Map.of("body", Map.of("orderId", "A-1", "item list", List.of(Map.of("sku", "X")))));
        data.recorded("fetch", new StepTests.Result(true, null, Map.of("status", 200, "body", Map.of("name", "Ada")), null, "", 3, null));

        var paths = data.paths(List.of("fetch", "post", "noop"), Map.of("post", List.of("channel", "ts"), "fetch", List.of("ignored")));
        assertThat(paths).contains("trigger.body.orderId", "trigger.body.[item list]", "trigger.body.[item list].[0].sku",
                "steps.fetch.output.status", "steps.fetch.output.body.name", "steps.post.output.channel", "steps.post.output.ts",
                "steps.noop.output").doesNotContain("steps.fetch.output.ignored");
    }

    @Test
    void previewsUseTestOutputsOverDeclaredSamplesAndOnlyUpstreamSteps() {
        var data = new TestData();
        data.trigger(Map.of("name", "Ada"));
        data.recorded("fetch", new StepTests.Result(true, null, Map.of("total", 42), null, "", 3, null));
        var model = data.model(Set.of("fetch", "post"), Map.of("fetch", Map.of("total", 1), "post", Map.of("ts", "1.2"), "later", Map.of("x", 1)));
        var templates = new Templates();

        assertThat(templates.render("{{trigger.name}} {{steps.fetch.output.total}} {{steps.post.output.ts}}", model)).isEqualTo("Ada 42 1.2");
        assertThat(((Map<?, ?>) model.get("steps")).containsKey("later")).isFalse();
    }
}
