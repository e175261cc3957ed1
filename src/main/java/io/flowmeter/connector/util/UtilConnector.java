package io.flowmeter.connector.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flowmeter.connector.spi.ActionDefinition;
import io.flowmeter.connector.spi.ActionException;
import io.flowmeter.connector.spi.ActionRequest;
import io.flowmeter.connector.spi.ActionResult;
import io.flowmeter.connector.spi.Connector;
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

/** Small data helpers: JSON, dates, text and arithmetic. All quick and pure; bad input fails the step at once. */
@Component
public class UtilConnector implements Connector {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 1_000_000;

    @Override
    public String key() {
        return "util";
    }

    @Override
    public String displayName() {
        return "Utilities";
    }

    @Override
    public List<ActionDefinition> actions() {
        return List.of(
                new ActionDefinition("jsonParse", "Parse JSON", "Turns JSON text into data: output.value",
                        List.of(ParamSpec.required("text", ParamType.TEXT, "JSON text")), true),
                new ActionDefinition("jsonStringify", "Write JSON", "Turns data into JSON text: output.text",
                        List.of(ParamSpec.required("value", ParamType.JSON, "The data"),
                                ParamSpec.optional("pretty", ParamType.BOOLEAN, "Indented", false)), true),
                new ActionDefinition("dateFormat", "Format a date", "Formats an instant in a time zone: output.text", List.of(
                        ParamSpec.required("value", ParamType.DATETIME, "An ISO-8601 instant, e.g. 2026-01-31T09:00:00Z"),
                        ParamSpec.optional("pattern", ParamType.STRING, "e.g. yyyy-MM-dd HH:mm (Java DateTimeFormatter)", "yyyy-MM-dd'T'HH:mm:ssXXX"),
                        ParamSpec.optional("timezone", ParamType.STRING, "IANA time zone", "UTC")), true),
                new ActionDefinition("dateAdd", "Add to a date", "Adds a duration (may be negative): output.value", List.of(
                        ParamSpec.required("value", ParamType.DATETIME, "An ISO-8601 instant"),
                        ParamSpec.required("duration", ParamType.STRING, "ISO-8601, e.g. P1D, PT2H, -PT30M")), true),
                new ActionDefinition("regexExtract", "Extract with a pattern", "First match and its groups, and all matches", List.of(
                        ParamSpec.required("text", ParamType.TEXT, "The text"),
                        ParamSpec.required("pattern", ParamType.STRING, "A regular expression (Java syntax)"),
                        ParamSpec.optional("ignoreCase", ParamType.BOOLEAN, "Ignore case", false)), false),
                new ActionDefinition("split", "Split text", "Splits text by a separator: output.items",
                        List.of(ParamSpec.required("text", ParamType.TEXT, "The text"),
                                ParamSpec.optional("separator", ParamType.STRING, "The separator (literal)", ","),
                                ParamSpec.optional("trim", ParamType.BOOLEAN, "Trim each item and drop empty ones", true)), true),
                new ActionDefinition("join", "Join a list", "Joins items into text: output.text",
                        List.of(ParamSpec.required("items", ParamType.JSON, "A list"),
                                ParamSpec.optional("separator", ParamType.STRING, "Between items", ", ")), true),
                new ActionDefinition("math", "Calculate", "add, subtract, multiply, divide, round, min, max or sum: output.value", List.of(
                        ParamSpec.select("operation", true, "The operation", "add",
                                List.of("add", "subtract", "multiply", "divide", "round", "min", "max", "sum")),
                        ParamSpec.optional("a", ParamType.NUMBER, "First number", null),
                        ParamSpec.optional("b", ParamType.NUMBER, "Second number (round: decimal places)", null),
                        ParamSpec.optional("values", ParamType.JSON, "sum, min, max: a list of numbers", null)), true));
    }

    @Override
    public ActionResult execute(String action, ActionRequest request) throws ActionException {
        return ActionResult.completed(switch (action) {
            case "jsonParse" -> Map.of("value", parse(request.string("text", "")));
            case "jsonStringify" -> Map.of("text", stringify(request.param("value"), Boolean.parseBoolean(request.string("pretty", "false"))));
            case "dateFormat" -> Map.of("text", format(request));
            case "dateAdd" -> Map.of("value", instant(request.string("value", "")).plus(duration(request.string("duration", ""))).toString());
            case "regexExtract" -> regex(request);
            case "split" -> Map.of("items", split(request));
            case "join" -> Map.of("text", join(request));
            case "math" -> Map.of("value", math(request));
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
