package io.flowmeter.workflow.importer;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * n8n's conditions (IF v1's typed lists, the filter of IF v2+ and Switch v3, Switch v1/v2 rules) as Flowmeter
 * template expressions: sub-expressions such as {@code (gt steps.order.output.body.total 100)}, combined with
 * {@code and}/{@code or}/{@code not}. An operand is a literal or one plain reference; an operator without an
 * equivalent makes the whole condition untranslatable, with the reason.
 */
final class N8nConditions {

    /** Thrown when a condition has no Flowmeter equivalent; the message says why. */
    static final class Untranslatable extends RuntimeException {
        Untranslatable(String message) {
            super(message);
        }
    }

    private static final Pattern ONE_REFERENCE = Pattern.compile("=\\s*\\{\\{(.*?)}}\\s*", Pattern.DOTALL);

    private final N8nExpressions.Roots roots;

    N8nConditions(N8nExpressions.Roots roots) {
        this.roots = roots;
    }

    /** IF v1: {@code conditions.{boolean,number,string,dateTime}[]} combined by {@code combineOperation} (all: default). */
    String ifV1(JsonNode conditions, @Nullable String combine) {
        List<String> parts = new ArrayList<>();
        for (String kind : List.of("boolean", "number", "string", "dateTime")) {
            for (JsonNode c : conditions.path(kind)) {
                // n8n leaves default values out of its exports: false for booleans, 0 for numbers, "" for text
                String a = operand(c.get("value1"), kind);
                String b = operand(c.get("value2"), kind);
                String op = c.path("operation").asText(switch (kind) {
                    case "number" -> "smaller";
                    case "string", "boolean" -> "equal";
                    default -> "";
                });
                parts.add(v1(kind, op, a, b));
            }
        }
        if (parts.isEmpty()) {
            throw new Untranslatable("it has no conditions");
        }
        return combine(parts, "any".equals(combine) ? "or" : "and");
    }

    private static String v1(String kind, String op, String a, String b) {
        if (kind.equals("dateTime")) {
            throw new Untranslatable("date comparisons have no Flowmeter equivalent");
        }
        return switch (op) {
            case "equal" -> "(eq " + a + " " + b + ")";
            case "notEqual" -> "(ne " + a + " " + b + ")";
            case "smaller" -> "(lt " + a + " " + b + ")";
            case "smallerEqual" -> "(lte " + a + " " + b + ")";
            case "larger" -> "(gt " + a + " " + b + ")";
            case "largerEqual" -> "(gte " + a + " " + b + ")";
            case "contains" -> "(contains " + a + " " + b + ")";
            case "notContains" -> "(not (contains " + a + " " + b + "))";
            case "startsWith" -> "(startsWith " + a + " " + b + ")";
            case "endsWith" -> "(endsWith " + a + " " + b + ")";
            case "isEmpty" -> "(not " + a + ")";
            case "isNotEmpty" -> "(not (not " + a + "))";
            default -> throw new Untranslatable("the operation '" + op + "' has no Flowmeter equivalent");
        };
    }

    /** A filter (IF v2+, Switch v3 rules): {@code conditions[]} with {@code combinator} and|or. */
    String filter(JsonNode filter) {
        List<String> parts = new ArrayList<>();
        for (JsonNode c : filter.path("conditions")) {
            String a = operand(c.get("leftValue"));
            JsonNode operator = c.path("operator");
            String type = operator.path("type").asText("string");
            String op = operator.path("operation").asText("equals");
            parts.add(filterPart(type, op, a, c.get("rightValue")));
        }
        if (parts.isEmpty()) {
            throw new Untranslatable("it has no conditions");
        }
        return combine(parts, "or".equals(filter.path("combinator").asText("and")) ? "or" : "and");
    }

    private String filterPart(String type, String op, String a, @Nullable JsonNode right) {
        if (!List.of("string", "number", "boolean").contains(type)) {
            throw new Untranslatable(type + " conditions have no Flowmeter equivalent");
        }
        return switch (op) {
            case "equals" -> "(eq " + a + " " + operand(right) + ")";
            case "notEquals" -> "(ne " + a + " " + operand(right) + ")";
            case "gt" -> "(gt " + a + " " + operand(right) + ")";
            case "gte" -> "(gte " + a + " " + operand(right) + ")";
            case "lt" -> "(lt " + a + " " + operand(right) + ")";
            case "lte" -> "(lte " + a + " " + operand(right) + ")";
            case "contains" -> "(contains " + a + " " + operand(right) + ")";
            case "notContains" -> "(not (contains " + a + " " + operand(right) + "))";
            case "startsWith" -> "(startsWith " + a + " " + operand(right) + ")";
            case "notStartsWith" -> "(not (startsWith " + a + " " + operand(right) + "))";
            case "endsWith" -> "(endsWith " + a + " " + operand(right) + ")";
            case "notEndsWith" -> "(not (endsWith " + a + " " + operand(right) + "))";
            case "empty" -> "(not " + a + ")";
            case "notEmpty" -> "(not (not " + a + "))";
            case "true" -> "(eq " + a + " true)";
            case "false" -> "(eq " + a + " false)";
            default -> throw new Untranslatable("the " + type + " operation '" + op + "' has no Flowmeter equivalent");
        };
    }

    /** Switch v1/v2 in rules mode: one rule's test of {@code value1} against its {@code value2}. */
    String rule(String dataType, String value1, JsonNode rule) {
        String op = rule.path("operation").asText("equal");
        return v1(dataType.equals("boolean") || dataType.equals("number") || dataType.equals("string") ? dataType : "dateTime", op, value1,
                operand(rule.get("value2"), dataType));
    }

    /** An operand that may be left out, with its type's default ({@code number}: 0, {@code boolean}: false, else ""). */
    String operand(@Nullable JsonNode value, String type) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return switch (type) {
                case "number" -> "0";
                case "boolean" -> "false";
                default -> "\"\"";
            };
        }
        return operand(value);
    }

    /** A literal (quoted text, a number, true/false) or the path of one plain reference. */
    String operand(@Nullable JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "\"\"";
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (!value.isTextual()) {
            throw new Untranslatable("a compared value is a list or an object");
        }
        String text = value.asText();
        if (!text.startsWith("=")) {
            return quote(text);
        }
        Matcher m = ONE_REFERENCE.matcher(text);
        if (m.matches()) {
            N8nExpressions.Resolved resolved = N8nExpressions.reference(m.group(1).strip(), roots);
            if (resolved.path() == null) {
                throw new Untranslatable("{{ " + m.group(1).strip() + " }}: " + resolved.problem());
            }
            return resolved.path();
        }
        if (!text.contains("{{")) {
            String constant = text.substring(1);
            return constant.matches("-?\\d+(\\.\\d+)?") ? constant : quote(constant);
        }
        throw new Untranslatable("the compared value '" + text + "' mixes text and expressions");
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String combine(List<String> parts, String how) {
        return parts.size() == 1 ? parts.get(0) : "(" + how + " " + String.join(" ", parts) + ")";
    }

    /** A sub-expression as a whole template: {@code (eq a b)} → {@code {{eq a b}}}; a bare path → {@code {{path}}}. */
    static String template(String expression) {
        String inner = expression.startsWith("(") && expression.endsWith(")") ? expression.substring(1, expression.length() - 1) : expression;
        return "{{" + inner + "}}";
    }

    static String not(String expression) {
        return "(not " + expression + ")";
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
