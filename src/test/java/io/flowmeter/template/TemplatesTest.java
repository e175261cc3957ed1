package io.flowmeter.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplatesTest {

    final Templates templates = new Templates();
    final Map<String, Object> model = Map.of(
            "trigger", Map.of("name", "Ada", "amount", 12.5, "tags", List.of("a", "b"), "when", "2026-03-29T00:30:00Z",
                    "nested", Map.of("deep", Map.of("value", 42))),
            "steps", Map.of("fetch", Map.of("output", Map.of("id", 7, "ok", true, "items", List.of(Map.of("n", 1), Map.of("n", 2))))),
            "run", Map.of("id", "r-1"));

    @Test
    void rendersPathsWithoutHtmlEscaping() {
        assertThat(templates.render("Hello {{trigger.name}} <b>&</b> {{steps.fetch.output.id}}", model))
                .isEqualTo("Hello Ada <b>&</b> 7");
        assertThat(templates.render("{{trigger.nested.deep.value}}", model)).isEqualTo("42");
        assertThat(templates.render("no tags at all", model)).isEqualTo("no tags at all");
    }

    @Test
    void missingValuesAreErrorsNamingThePath() {
        assertThatThrownBy(() -> templates.render("Hi {{trigger.nmae}}", model))
                .isInstanceOf(TemplateException.class).hasMessageContaining("trigger.nmae");
        assertThatThrownBy(() -> templates.renderValue("{{steps.nope.output}}", model))
                .isInstanceOf(TemplateException.class).hasMessageContaining("steps.nope.output");
    }

    @Test
    void aWholeReferenceKeepsItsJsonType() {
        assertThat(templates.renderValue("{{steps.fetch.output}}", model)).isInstanceOf(Map.class);
        assertThat(templates.renderValue(" {{ trigger.amount }} ", model)).isEqualTo(12.5);
        assertThat(templates.renderValue("{{trigger.tags}}", model)).isEqualTo(List.of("a", "b"));
        assertThat(templates.renderValue(Map.of("body", Map.of("n", "{{steps.fetch.output.id}}"), "list", List.of("{{run.id}}", 3)), model))
                .isEqualTo(Map.of("body", Map.of("n", 7), "list", List.of("r-1", 3)));
        assertThat(templates.renderValue(5, model)).isEqualTo(5);
    }

    @Test
    void helpers() {
        assertThat(templates.render("{{json steps.fetch.output.items}}", model)).isEqualTo("[{\"n\":1},{\"n\":2}]");
        assertThat(templates.render("{{default trigger.missing \"anon\"}}", model)).isEqualTo("anon");
        assertThat(templates.render("{{#if (eq trigger.name \"Ada\")}}yes{{else}}no{{/if}}", model)).isEqualTo("yes");
        assertThat(templates.render("{{#if (gt trigger.amount 10)}}big{{/if}}", model)).isEqualTo("big");
        assertThat(templates.render("{{#if (and steps.fetch.output.ok (not (ne run.id \"r-1\")))}}both{{/if}}", model)).isEqualTo("both");
        assertThat(templates.render("{{add trigger.amount 1 2}} {{multiply 3 4}} {{divide 1 4}} {{subtract 10 0.5}} {{round 2.345 2}}", model))
                .isEqualTo("15.5 12 0.25 9.5 2.35");
        assertThat(templates.render("{{upper trigger.name}} {{lower \"X\"}} {{trim \"  t  \"}} {{length trigger.tags}}", model))
                .isEqualTo("ADA x t 2");
        assertThat(templates.render("{{join trigger.tags \"+\"}} {{replace \"a-b\" \"-\" \"_\"}} {{substring \"abcdef\" 1 3}}", model))
                .isEqualTo("a+b a_b bc");
        assertThat(templates.render("{{urlEncode \"a b&c\"}} {{concat \"x\" 1 \"y\"}}", model)).isEqualTo("a+b%26c x1y");
        assertThat(templates.render("{{formatDate trigger.when \"yyyy-MM-dd HH:mm\" tz=\"Europe/Berlin\"}}", model))
                .isEqualTo("2026-03-29 01:30");
        assertThat(templates.render("{{#each steps.fetch.output.items}}{{n}};{{/each}}", model)).isEqualTo("1;2;");
    }

    @Test
    void conditionsMustRenderToABoolean() {
        assertThat(templates.condition("{{steps.fetch.output.ok}}", model)).isTrue();
        assertThat(templates.condition("{{eq trigger.name \"Bob\"}}", model)).isFalse();
        assertThatThrownBy(() -> templates.condition("{{trigger.name}}", model))
                .isInstanceOf(TemplateException.class).hasMessageContaining("true or false");
    }

    @Test
    void syntaxErrorsAreReported() {
        assertThatThrownBy(() -> templates.check("{{#if x}}unclosed")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("syntax");
        assertThatThrownBy(() -> templates.check("{{")).isInstanceOf(TemplateException.class);
        templates.check("fine {{a.b}}");
    }

    @Test
    void noJavaObjectsPartialsOrRunawayOutput() {
        // a Java object in the model exposes nothing: only map keys resolve
        Map<String, Object> withObject = Map.of("obj", new Object() {
            public String getSecret() {
                return "leak";
            }
        }, "list", List.of(1));
        assertThatThrownBy(() -> templates.render("{{obj.secret}}", withObject)).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> templates.render("{{obj.class.name}}", withObject)).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> templates.render("{{list.class}}", withObject)).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> templates.render("{{> secrets}}", model)).isInstanceOf(TemplateException.class);
        var big = List.of("x".repeat(100_000));
        var huge = Map.<String, Object>of("items", java.util.Collections.nCopies(20, big.get(0)));
        assertThatThrownBy(() -> templates.render("{{#each items}}{{this}}{{/each}}", huge))
                .isInstanceOf(TemplateException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> templates.check("x".repeat(Templates.MAX_TEMPLATE_CHARS + 1)))
                .isInstanceOf(TemplateException.class);
    }

    @Test
    void findsReferencedSteps() {
        assertThat(Templates.referencedSteps("a {{steps.one.output.x}} b {{#if (eq steps.two-b.output 1)}}{{/if}} steps.three"))
                .containsExactly("one", "two-b");
    }
}
