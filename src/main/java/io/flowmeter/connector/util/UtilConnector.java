package io.flowmeter.connector.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
import io.flowmeter.connector.spi.OutputField;
import io.flowmeter.connector.spi.ParamSpec;
import io.flowmeter.connector.spi.ParamType;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Small data helpers: JSON, dates, text, arithmetic, list filter/map, and the loop (its body runs once per item,
 * as runs of their own, which the engine schedules). All quick and pure; bad input fails the step at once.
 */
@Component
public class UtilConnector implements Connector {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 1_000_000;
    public static final int MAX_LOOP_ITEMS = 1_000;
    public static final int MAX_LOOP_CONCURRENCY = 20;
    private static final List<String> OPERATORS = List.of("equals", "notEquals", "contains", "greaterThan", "lessThan",
            "exists", "notExists", "truthy");

    @Override
    public String key() {
        return "util";
    }

    @Override
    public String displayName() {
        return "Utilities";
    }

    @Override
    public String icon() {
        return "vaadin:wrench";
    }

    @Override
    public String description() {
        return "Data tools: JSON, dates, text, lists, loops";
    }

    @Override
    public List<ActionDefinition> actions() {
        return List.of(
                new ActionDefinition("jsonParse", "Parse JSON", "Turns JSON text into data: output.value",
                        List.of(ParamSpec.required("text", ParamType.TEXT, "JSON text")), true)
                        .withHelp("Parses JSON text into data at output.value; text that is not JSON fails the step.")
                        .withAuthKinds("none")
                        .withExample(Map.of("text", "{\"a\": [1, 2]}"))
                        .withOutputs(OutputField.any("value", "The parsed data"))
                        .withSample(Map.of("value", Map.of("a", List.of(1, 2)))),
                new ActionDefinition("jsonStringify", "Write JSON", "Turns data into JSON text: output.text",
                        List.of(ParamSpec.required("value", ParamType.JSON, "The data"),
                                ParamSpec.optional("pretty", ParamType.BOOLEAN, "Indented", false)), true)
                        .withHelp("Writes data as JSON text at output.text, compact or indented.")
                        .withAuthKinds("none")
                        .withExample(Map.of("value", Map.of("a", 1), "pretty", false))
                        .withOutputs(OutputField.string("text", "The JSON text"))
                        .withSample(Map.of("text", "{\"a\":1}")),
                new ActionDefinition("dateFormat", "Format a date", "Formats an instant in a time zone: output.text", List.of(
                        ParamSpec.required("value", ParamType.DATETIME, "An ISO-8601 instant, e.g. 2026-01-31T09:00:00Z"),
                        ParamSpec.optional("pattern", ParamType.STRING, "e.g. yyyy-MM-dd HH:mm (Java DateTimeFormatter)", "yyyy-MM-dd'T'HH:mm:ssXXX"),
                        ParamSpec.optional("timezone", ParamType.STRING, "IANA time zone", "UTC")), true)
                        .withHelp("Formats an ISO-8601 instant with a Java DateTimeFormatter pattern in a time zone, at output.text.")
                        .withAuthKinds("none")
                        .withExample(Map.of("value", "2026-03-29T01:30:00Z", "pattern", "yyyy-MM-dd HH:mm z", "timezone", "Europe/Berlin"))
                        .withOutputs(OutputField.string("text", "The formatted date"))
                        .withSample(Map.of("text", "2026-03-29 03:30 CEST")),
                new ActionDefinition("dateAdd", "Add to a date", "Adds a duration (may be negative): output.value", List.of(
                        ParamSpec.required("value", ParamType.DATETIME, "An ISO-8601 instant"),
                        ParamSpec.required("duration", ParamType.STRING, "ISO-8601, e.g. P1D, PT2H, -PT30M")), true)
                        .withHelp("Adds an ISO-8601 duration (negative to subtract) to an instant, at output.value.")
                        .withAuthKinds("none")
                        .withExample(Map.of("value", "2026-01-31T09:00:00Z", "duration", "-PT30M"))
                        .withOutputs(OutputField.string("value", "The new instant (ISO-8601, UTC)"))
                        .withSample(Map.of("value", "2026-01-31T08:30:00Z")),
                new ActionDefinition("regexExtract", "Extract with a pattern", "First match and its groups, and all matches", List.of(
                        ParamSpec.required("text", ParamType.TEXT, "The text"),
                        ParamSpec.required("pattern", ParamType.STRING, "A regular expression (Java syntax)"),
                        ParamSpec.optional("ignoreCase", ParamType.BOOLEAN, "Ignore case", false)), false)
                        .withHelp("Finds the first match of a regular expression (Java syntax) with its groups, and all matches (up to "
                                + "10,000); a pattern that takes over 2 seconds on the text fails the step.")
                        .withAuthKinds("none")
                        .withExample(Map.of("text", "Order #123 and order #456", "pattern", "order #(\\d+)", "ignoreCase", true))
                        .withOutputs(OutputField.bool("matched", "Whether anything matched"),
                                OutputField.string("match", "The first match; null when none"),
                                OutputField.list("groups", "The first match's groups"),
                                OutputField.list("all", "Every match"))
                        .withSample(Map.of("matched", true, "match", "Order #123", "groups", List.of("123"),
                                "all", List.of("Order #123", "order #456"))),
                new ActionDefinition("split", "Split text", "Splits text by a separator: output.items",
                        List.of(ParamSpec.required("text", ParamType.TEXT, "The text"),
                                ParamSpec.optional("separator", ParamType.STRING, "The separator (literal)", ","),
                                ParamSpec.optional("trim", ParamType.BOOLEAN, "Trim each item and drop empty ones", true)), true)
                        .withHelp("Splits text at a literal separator into output.items, by default trimming each item and dropping "
                                + "empty ones.")
                        .withAuthKinds("none")
                        .withExample(Map.of("text", "a, b,,c", "separator", ","))
                        .withOutputs(OutputField.list("items", "The parts"))
                        .withSample(Map.of("items", List.of("a", "b", "c"))),
                new ActionDefinition("join", "Join a list", "Joins items into text: output.text",
                        List.of(ParamSpec.required("items", ParamType.JSON, "A list"),
                                ParamSpec.optional("separator", ParamType.STRING, "Between items", ", ")), true)
                        .withHelp("Joins a list's items into text with a separator, at output.text; items that are not text are "
                                + "written as JSON.")
                        .withAuthKinds("none")
                        .withExample(Map.of("items", List.of("a", 1, Map.of("k", "v")), "separator", " | "))
                        .withOutputs(OutputField.string("text", "The joined text"))
                        .withSample(Map.of("text", "a | 1 | {\"k\":\"v\"}")),
                new ActionDefinition("math", "Calculate", "add, subtract, multiply, divide, round, min, max or sum: output.value", List.of(
                        ParamSpec.select("operation", true, "The operation", "add",
                                List.of("add", "subtract", "multiply", "divide", "round", "min", "max", "sum")),
                        ParamSpec.optional("a", ParamType.NUMBER, "First number", null),
                        ParamSpec.optional("b", ParamType.NUMBER, "Second number (round: decimal places)", null),
                        ParamSpec.optional("values", ParamType.JSON, "sum, min, max: a list of numbers", null)), true)
                        .withHelp("Calculates in exact decimals (0.1 + 0.2 is 0.3): add, subtract, multiply, divide or round (b: decimal "
                                + "places) a and b, or min, max or sum of values. Division by zero and values that are not numbers fail the step.")
                        .withAuthKinds("none")
                        .withExample(Map.of("operation", "add", "a", 0.1, "b", 0.2))
                        .withOutputs(OutputField.number("value", "The result"))
                        .withSample(Map.of("value", 0.3)),
                new ActionDefinition("filter", "Filter a list", "Keeps the items whose field passes the test: output.items, output.count", List.of(
                        ParamSpec.required("items", ParamType.JSON, "A list"),
                        ParamSpec.optional("field", ParamType.STRING, "Dotted path inside each item, e.g. customer.email (empty: the item itself)", ""),
                        ParamSpec.select("operator", false, "The test", "equals", OPERATORS),
                        ParamSpec.optional("value", ParamType.STRING, "Compared with the field (numbers compare as numbers)", null)), true)
                        .withHelp("Keeps the items of a list whose field (a dotted path) passes the test: equals, notEquals, contains, "
                                + "greaterThan, lessThan, exists, notExists or truthy; numbers compare as numbers.")
                        .withAuthKinds("none")
                        .withExample(Map.of("items", "{{trigger.body.orders}}", "field", "total", "operator", "greaterThan", "value", "99"))
                        .withOutputs(OutputField.list("items", "The items kept, in order"), OutputField.number("count", "How many"))
                        .withSample(Map.of("items", List.of(Map.of("id", "a", "total", 120), Map.of("id", "b", "total", "99.5")), "count", 2)),
                new ActionDefinition("map", "Reshape list items", "Builds each item anew from fields of the old one: output.items",
                        List.of(ParamSpec.required("items", ParamType.JSON, "A list"),
                                ParamSpec.required("fields", ParamType.JSON, "New name → dotted path in the item, e.g. {\"email\": \"contact.email\"}")), true)
                        .withHelp("Builds each item of a list anew: fields maps each new name to a dotted path in the old item "
                                + "(list positions are numbers, e.g. tags.0); a missing path gives null.")
                        .withAuthKinds("none")
                        .withExample(Map.of("items", "{{trigger.body.orders}}", "fields", Map.of("email", "customer.email", "firstTag", "customer.tags.0")))
                        .withOutputs(OutputField.list("items", "The new items, in order"))
                        .withSample(Map.of("items", List.of(Map.of("email", "ada@example.com", "firstTag", "vip")))),
                new ActionDefinition("loop", "Loop over items", "Runs the steps on its \"each\" edges once per item, "
                        + "at most 'concurrency' at a time; then output.results (one per item, in order), output.count, succeeded, failed. "
                        + "Inside the loop, steps.<this id>.output.item and .index are the current item", List.of(
                        ParamSpec.required("items", ParamType.JSON, "A list (at most " + MAX_LOOP_ITEMS + " items)"),
                        ParamSpec.optional("concurrency", ParamType.NUMBER, "Items running at the same time (1–" + MAX_LOOP_CONCURRENCY + ")", 5),
                        ParamSpec.optional("continueOnError", ParamType.BOOLEAN,
                                "Keep going when an item fails (its result is its error); otherwise the loop stops and fails", false)), true)
                        .withHelp("Runs the steps on its each edges once per item of a list (at most 1,000), concurrency at a time, each "
                                + "item as a run of its own; inside, steps.<id>.output.item and .index are the current item. A failed item "
                                + "fails the loop, unless continueOnError.")
                        .withAuthKinds("none")
                        .withExample(Map.of("items", "{{trigger.body.orders}}", "concurrency", 3, "continueOnError", false))
                        .withOutputs(OutputField.number("count", "How many items"),
                                OutputField.number("succeeded", "How many items succeeded"),
                                OutputField.number("failed", "How many failed (with continueOnError)"),
                                OutputField.list("results", "Each item's result in order: its last steps' outputs by step id, or {error, runId}"))
                        .withSample(Map.of("count", 2, "succeeded", 2, "failed", 0, "results", List.of(
                                Map.of("notify", Map.of("channel", "C123ABC456", "ts", "1503435956.000247")),
                                Map.of("notify", Map.of("channel", "C123ABC456", "ts", "1503435957.000318"))))));
    }

    @Override
    public Map<String, String> validate(String action, Map<String, Object> params) {
        if ("loop".equals(action) && params.get("concurrency") != null && !String.valueOf(params.get("concurrency")).contains("{{")) {
            try {
                concurrency(params.get("concurrency"));
            } catch (ActionException e) {
                return Map.of("concurrency", e.getMessage());
            }
        }
        if ("map".equals(action) && params.get("fields") != null && !(params.get("fields") instanceof Map<?, ?>)
                && !String.valueOf(params.get("fields")).contains("{{")) {
            return Map.of("fields", "'fields' maps each new name to a path, e.g. {\"email\": \"contact.email\"}");
        }
        return Map.of();
    }

    @Override
    public ActionResult execute(String action, ActionRequest request) throws ActionException {
        if ("loop".equals(action)) {
            return loop(request);
        }
        return ActionResult.completed(switch (action) {
            case "jsonParse" -> Map.of("value", parse(request.string("text", "")));
            case "jsonStringify" -> Map.of("text", stringify(request.param("value"), Boolean.parseBoolean(request.string("pretty", "false"))));
            case "dateFormat" -> Map.of("text", format(request));
            case "dateAdd" -> Map.of("value", instant(request.string("value", "")).plus(duration(request.string("duration", ""))).toString());
            case "regexExtract" -> regex(request);
            case "split" -> Map.of("items", split(request));
            case "join" -> Map.of("text", join(request));
            case "math" -> Map.of("value", math(request));
            case "filter" -> filter(request);
            case "map" -> Map.of("items", map(request));
            default -> throw ActionException.permanent("Unknown action util." + action);
        });
    }

    private static Object parse(String text) throws ActionException {
        try {
            Object value = JSON.readValue(text, Object.class);
            return value == null ? Map.of() : value;
        } catch (JsonProcessingException e) {
            throw ActionException.permanent("Not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String stringify(@Nullable Object value, boolean pretty) throws ActionException {
        try {
            return (pretty ? JSON.copy().enable(SerializationFeature.INDENT_OUTPUT) : JSON).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw ActionException.permanent("Cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    private static String format(ActionRequest request) throws ActionException {
        try {
            var formatter = DateTimeFormatter.ofPattern(request.string("pattern", "yyyy-MM-dd'T'HH:mm:ssXXX"), Locale.ROOT);
            return formatter.format(instant(request.string("value", "")).atZone(ZoneId.of(request.string("timezone", "UTC"))));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw ActionException.permanent("Cannot format the date: " + e.getMessage());
        }
    }

    private static Instant instant(String value) throws ActionException {
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeException e2) {
                throw ActionException.permanent("Not an ISO-8601 instant: '" + value + "'");
            }
        }
    }

    private static Duration duration(String value) throws ActionException {
        try {
            return Duration.parse(value);
        } catch (DateTimeException e) {
            throw ActionException.permanent("Not an ISO-8601 duration such as P1D or PT2H: '" + value + "'");
        }
    }

    /** Runs the pattern on its own thread with a deadline: a catastrophic pattern cannot hold the step. */
    private static Map<String, Object> regex(ActionRequest request) throws ActionException {
        String text = request.string("text", "");
        if (text.length() > MAX_TEXT) {
            throw ActionException.permanent("The text is longer than " + MAX_TEXT + " characters");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(request.string("pattern", ""),
                    Boolean.parseBoolean(request.string("ignoreCase", "false")) ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw ActionException.permanent("Not a valid pattern: " + e.getDescription());
        }
        var executor = Executors.newSingleThreadExecutor();
        try {
            return executor.submit(() -> {
                Matcher matcher = pattern.matcher(new InterruptibleText(text));
                Map<String, Object> output = new LinkedHashMap<>();
                List<String> all = new ArrayList<>();
                List<String> groups = new ArrayList<>();
                boolean first = true;
                while (matcher.find() && all.size() < 10_000) {
                    all.add(matcher.group());
                    if (first) {
                        for (int i = 1; i <= matcher.groupCount(); i++) {
                            groups.add(matcher.group(i));
                        }
                        first = false;
                    }
                }
                output.put("matched", !all.isEmpty());
                output.put("match", all.isEmpty() ? null : all.get(0));
                output.put("groups", groups);
                output.put("all", all);
                return output;
            }).get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw ActionException.permanent("The pattern took too long on this text (over 2 s); simplify it");
        } catch (ExecutionException e) {
            throw ActionException.permanent("The pattern failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ActionException.retryable("Interrupted", null, e);
        } finally {
            executor.shutdownNow();
        }
    }

    /** A CharSequence that gives up when its thread is interrupted, so a runaway regex stops. */
    private record InterruptibleText(CharSequence text) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted");
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new InterruptibleText(text.subSequence(start, end));
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static List<String> split(ActionRequest request) throws ActionException {
        String text = request.string("text", "");
        String separator = request.param("separator") == null ? "," : String.valueOf(request.param("separator"));
        if (separator.isEmpty()) {
            throw ActionException.permanent("The separator is empty");
        }
        boolean trim = Boolean.parseBoolean(request.string("trim", "true"));
        List<String> items = new ArrayList<>();
        for (String part : text.split(Pattern.quote(separator), -1)) {
            String item = trim ? part.strip() : part;
            if (!trim || !item.isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }

    /** A list parameter: a list, or JSON text of one (what a template that renders a list as text gives). */
    private static List<?> list(ActionRequest request, String name) throws ActionException {
        Object value = request.param(name);
        if (value instanceof String text && text.strip().startsWith("[")) {
            value = parse(text);
        }
        if (!(value instanceof List<?> items)) {
            throw ActionException.permanent("'" + name + "' must be a list, got " + (value == null ? "nothing" : describe(value)));
        }
        return items;
    }

    private static String describe(Object value) {
        return value instanceof Map<?, ?> ? "an object" : value instanceof String ? "text" : value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static int concurrency(@Nullable Object value) throws ActionException {
        try {
            int concurrency = value == null ? 5 : new BigDecimal(String.valueOf(value).strip()).intValueExact();
            if (concurrency >= 1 && concurrency <= MAX_LOOP_CONCURRENCY) {
                return concurrency;
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // reported below
        }
        throw ActionException.permanent("'concurrency' is a whole number from 1 to " + MAX_LOOP_CONCURRENCY);
    }

    private static ActionResult loop(ActionRequest request) throws ActionException {
        List<?> items = list(request, "items");
        if (items.size() > MAX_LOOP_ITEMS) {
            throw ActionException.permanent("A loop takes at most " + MAX_LOOP_ITEMS + " items; this list has " + items.size()
                    + " (split it, e.g. with a sub-workflow per batch)");
        }
        return new ActionResult.Loop(new ArrayList<>(items), concurrency(request.param("concurrency")),
                Boolean.parseBoolean(request.string("continueOnError", "false")));
    }

    /** The value at a dotted path ({@code a.b.0.c}); empty path: the item itself. Missing: null. */
    static @Nullable Object at(@Nullable Object item, String path) {
        Object current = item;
        if (path.isBlank()) {
            return current;
        }
        for (String part : path.strip().split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(part);
            } else if (current instanceof List<?> list && part.matches("\\d{1,9}") && Integer.parseInt(part) < list.size()) {
                current = list.get(Integer.parseInt(part));
            } else {
                return null;
            }
        }
        return current;
    }

    private static Map<String, Object> filter(ActionRequest request) throws ActionException {
        List<?> items = list(request, "items");
        String field = request.string("field", "");
        String operator = request.string("operator", "equals");
        if (!OPERATORS.contains(operator)) {
            throw ActionException.permanent("'operator' is one of " + OPERATORS);
        }
        Object expected = request.param("value");
        List<Object> kept = new ArrayList<>();
        for (Object item : items) {
            if (passes(at(item, field), operator, expected)) {
                kept.add(item);
            }
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("items", kept);
        output.put("count", kept.size());
        return output;
    }

    private static boolean passes(@Nullable Object actual, String operator, @Nullable Object expected) throws ActionException {
        return switch (operator) {
            case "exists" -> actual != null;
            case "notExists" -> actual == null;
            case "truthy" -> actual != null && !(actual instanceof Boolean b && !b) && !"".equals(actual) && !"false".equals(actual)
                    && !(actual instanceof Number n && n.doubleValue() == 0) && !(actual instanceof java.util.Collection<?> c && c.isEmpty());
            case "contains" -> actual instanceof java.util.Collection<?> c
                    ? c.stream().anyMatch(v -> compare(v, expected) == 0)
                    : actual != null && expected != null && text(actual).contains(text(expected));
            case "equals" -> compare(actual, expected) == 0;
            case "notEquals" -> compare(actual, expected) != 0;
            case "greaterThan" -> actual != null && expected != null && compare(actual, expected) > 0;
            case "lessThan" -> actual != null && expected != null && compare(actual, expected) < 0;
            default -> throw ActionException.permanent("Unknown operator " + operator);
        };
    }

    /** Numbers compare as numbers (so "10" equals 10.0 and 9 < 10), anything else as text; null only equals null. */
    private static int compare(@Nullable Object a, @Nullable Object b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? -1 : 1;
        }
        BigDecimal x = decimal(a);
        BigDecimal y = decimal(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        return text(a).compareTo(text(b));
    }

    private static @Nullable BigDecimal decimal(Object value) {
        if (value instanceof Boolean) {
            return null;
        }
        try {
            return new BigDecimal(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(Object value) {
        return value instanceof String s ? s : String.valueOf(value);
    }

    private static List<Map<String, Object>> map(ActionRequest request) throws ActionException {
        List<?> items = list(request, "items");
        if (!(request.param("fields") instanceof Map<?, ?> fields) || fields.isEmpty()) {
            throw ActionException.permanent("'fields' maps each new name to a path, e.g. {\"email\": \"contact.email\"}");
        }
        List<Map<String, Object>> mapped = new ArrayList<>(items.size());
        for (Object item : items) {
            Map<String, Object> out = new LinkedHashMap<>();
            fields.forEach((name, path) -> out.put(String.valueOf(name), at(item, String.valueOf(path))));
            mapped.add(out);
        }
        return mapped;
    }

    private static String join(ActionRequest request) throws ActionException {
        if (!(request.param("items") instanceof List<?> items)) {
            throw ActionException.permanent("'items' must be a list");
        }
        String separator = request.param("separator") == null ? ", " : String.valueOf(request.param("separator"));
        List<String> parts = new ArrayList<>();
        for (Object item : items) {
            parts.add(item instanceof String s ? s : stringify(item, false));
        }
        return String.join(separator, parts);
    }

    private static Number math(ActionRequest request) throws ActionException {
        String operation = request.string("operation", "add");
        if (List.of("sum", "min", "max").contains(operation)) {
            if (!(request.param("values") instanceof List<?> values) || values.isEmpty()) {
                throw ActionException.permanent("'" + operation + "' needs 'values', a list of numbers");
            }
            BigDecimal result = null;
            for (Object value : values) {
                BigDecimal number = number("values", value);
                result = result == null ? number : switch (operation) {
                    case "sum" -> result.add(number);
                    case "min" -> result.min(number);
                    default -> result.max(number);
                };
            }
            return simplest(result);
        }
        BigDecimal a = number("a", request.param("a"));
        if (operation.equals("round")) {
            int places = request.param("b") == null ? 0 : number("b", request.param("b")).intValue();
            return simplest(a.setScale(Math.max(0, Math.min(places, 20)), RoundingMode.HALF_UP));
        }
        BigDecimal b = number("b", request.param("b"));
        return simplest(switch (operation) {
            case "add" -> a.add(b);
            case "subtract" -> a.subtract(b);
            case "multiply" -> a.multiply(b);
            case "divide" -> {
                if (b.signum() == 0) {
                    throw ActionException.permanent("Division by zero");
                }
                yield a.divide(b, MathContext.DECIMAL64);
            }
            default -> throw ActionException.permanent("Unknown operation '" + operation + "'");
        });
    }

    private static BigDecimal number(String name, @Nullable Object value) throws ActionException {
        if (value == null) {
            throw ActionException.permanent("'" + name + "' is required");
        }
        try {
            return new BigDecimal(value.toString().strip());
        } catch (NumberFormatException e) {
            throw ActionException.permanent("'" + name + "' is not a number: '" + value + "'");
        }
    }

    private static Number simplest(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            return stripped.longValueExact();
        }
        return stripped.doubleValue();
    }
}
