package io.flowmeter.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.HandlebarsException;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.context.MapValueResolver;
import com.github.jknack.handlebars.helper.ConditionalHelpers;
import com.github.jknack.handlebars.io.TemplateLoader;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders step parameters. Thread-safe; compiled templates are cached.
 * <p>
 * The model must be plain JSON-like data (maps, lists, strings, numbers, booleans); only the map resolver is
 * installed, so no template can call a Java method or read a bean property. Output is not HTML-escaped
 * (parameters are URLs, JSON bodies, messages), partials are disabled, and every render is cut off at
 * {@link #MAX_OUTPUT_CHARS}.
 */
@org.springframework.stereotype.Component
public final class Templates {

    public static final int MAX_TEMPLATE_CHARS = 100_000;
    public static final int MAX_OUTPUT_CHARS = 1_000_000;

    private static final Pattern WHOLE_REFERENCE = Pattern.compile("^\\s*\\{\\{\\s*([A-Za-z_@][\\w@-]*(?:\\.[\\w@-]+|\\.\\[\\d+])*)\\s*}}\\s*$");
    private static final Pattern TAG = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern STEP_REFERENCE = Pattern.compile("\\bsteps\\.([A-Za-z0-9_-]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Handlebars handlebars;
    private final Cache<String, Template> compiled = Caffeine.newBuilder().maximumSize(10_000).build();

    public Templates() {
        this.handlebars = new Handlebars(NO_PARTIALS).with(EscapingStrategy.NOOP).prettyPrint(false);
        handlebars.registerHelperMissing((Helper<Object>) (context, options) -> {
            throw new TemplateException("Missing value '" + options.helperName + "'");
        });
        for (ConditionalHelpers helper : ConditionalHelpers.values()) {
            handlebars.registerHelper(helper.name(), helper);
        }
        handlebars.registerHelper("ne", ConditionalHelpers.neq);
        registerHelpers();
    }

    /** Throws a {@link TemplateException} describing the first syntax error, if any. */
    public void check(String template) {
        compile(template);
    }

    /** Renders a string template; a missing value is an error naming its path. */
    public String render(String template, Map<String, ?> model) {
        if (!template.contains("{{")) {
            return template;
        }
        Template compiledTemplate = compile(template);
        var out = new BoundedWriter(MAX_OUTPUT_CHARS);
        try {
            compiledTemplate.apply(Context.newBuilder(model).resolver(MapValueResolver.INSTANCE).build(), out);
        } catch (HandlebarsException e) {
            throw unwrap(e);
        } catch (IOException e) {
            throw new TemplateException("Rendering failed: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /**
     * Renders a parameter value: strings are templates, maps and lists are rendered element by element, other
     * values pass through. A string that is exactly one {@code {{path}}} yields the referenced value itself
     * (an object stays an object, a number a number).
     */
    public @Nullable Object renderValue(@Nullable Object value, Map<String, ?> model) {
        if (value instanceof String text) {
            Matcher whole = WHOLE_REFERENCE.matcher(text);
            if (whole.matches() && !isHelper(whole.group(1))) {
                return lookup(model, whole.group(1));
            }
            return render(text, model);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            map.forEach((k, v) -> rendered.put(render(String.valueOf(k), model), renderValue(v, model)));
            return rendered;
        }
        if (value instanceof List<?> list) {
            List<Object> rendered = new ArrayList<>(list.size());
            list.forEach(v -> rendered.add(renderValue(v, model)));
            return rendered;
        }
        return value;
    }

    /** Evaluates an edge condition: it must render to {@code true} or {@code false}. */
    public boolean condition(String template, Map<String, ?> model) {
        String result = render(template, model).strip().toLowerCase(Locale.ROOT);
        return switch (result) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new TemplateException("A condition must render to true or false, but rendered '"
                    + abbreviate(result) + "'");
        };
    }

    /** Ids of the steps a template refers to as {@code steps.<id>...} inside its tags. */
    public static Set<String> referencedSteps(String template) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher tag = TAG.matcher(template);
        while (tag.find()) {
            Matcher step = STEP_REFERENCE.matcher(tag.group(1));
            while (step.find()) {
                ids.add(step.group(1));
            }
        }
        return ids;
    }

    private Template compile(String template) {
        if (template.length() > MAX_TEMPLATE_CHARS) {
            throw new TemplateException("A template has at most " + MAX_TEMPLATE_CHARS + " characters");
        }
        try {
            return compiled.get(template, t -> {
                try {
                    return handlebars.compileInline(t);
                } catch (IOException e) {
                    throw new TemplateException("Template syntax error: " + e.getMessage(), e);
                } catch (HandlebarsException e) {
                    throw new TemplateException("Template syntax error: " + syntaxMessage(e), e);
                }
            });
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TemplateException("Template syntax error: " + e.getMessage(), e);
        }
    }

    private boolean isHelper(String name) {
        return handlebars.helper(name) != null;
    }

    private static @Nullable Object lookup(Map<String, ?> model, String path) {
        Object current = model;
        for (String part : path.split("\\.")) {
            if (part.startsWith("[") && part.endsWith("]") && current instanceof List<?> list) {
                int index = Integer.parseInt(part.substring(1, part.length() - 1));
                if (index >= list.size()) {
                    throw new TemplateException("Missing value '" + path + "'");
                }
                current = list.get(index);
            } else if (current instanceof Map<?, ?> map && map.containsKey(part)) {
                current = map.get(part);
            } else if (current instanceof List<?> list && part.matches("\\d+") && Integer.parseInt(part) < list.size()) {
                current = list.get(Integer.parseInt(part));
            } else {
                throw new TemplateException("Missing value '" + path + "'");
            }
        }
        return current;
    }

    private static TemplateException unwrap(HandlebarsException e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof TemplateException template) {
                return template;
            }
            cause = cause.getCause();
        }
        return new TemplateException("Rendering failed: " + syntaxMessage(e), e);
    }

    private static String syntaxMessage(HandlebarsException e) {
        String message = e.getError() != null ? e.getError().reason + " (line " + e.getError().line + ", column "
                + e.getError().column + ")" : e.getMessage();
        return message == null ? "invalid template" : message;
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    private void registerHelpers() {
        handlebars.registerHelper("json", (Object context, Options options) -> toJson(context));
        handlebars.registerHelper("default", (Object context, Options options) ->
                context == null || "".equals(context) ? options.param(0, "") : context);
        handlebars.registerHelper("upper", (Object context, Options options) -> text(context).toUpperCase(Locale.ROOT));
        handlebars.registerHelper("lower", (Object context, Options options) -> text(context).toLowerCase(Locale.ROOT));
        handlebars.registerHelper("trim", (Object context, Options options) -> text(context).strip());
        handlebars.registerHelper("length", (Object context, Options options) -> context instanceof Collection<?> c ? c.size()
                : context instanceof Map<?, ?> m ? m.size() : text(context).length());
        handlebars.registerHelper("replace", (Object context, Options options) ->
                text(context).replace(text(options.param(0, "")), text(options.param(1, ""))));
        handlebars.registerHelper("substring", (Object context, Options options) -> {
            String s = text(context);
            int from = Math.max(0, Math.min(s.length(), number(options.param(0, 0)).intValue()));
            int to = options.params.length > 1 ? Math.max(from, Math.min(s.length(), number(options.param(1)).intValue())) : s.length();
            return s.substring(from, to);
        });
        handlebars.registerHelper("concat", (Object context, Options options) -> {
            var sb = new StringBuilder(text(context));
            for (Object param : options.params) {
                sb.append(text(param));
            }
            return sb.toString();
        });
        handlebars.registerHelper("split", (Object context, Options options) ->
                List.of(text(context).split(Pattern.quote(text(options.param(0, ","))), -1)));
        handlebars.registerHelper("join", (Object context, Options options) -> {
            if (!(context instanceof Collection<?> items)) {
                return text(context);
            }
            return String.join(text(options.param(0, ",")), items.stream().map(Templates::text).toList());
        });
        handlebars.registerHelper("contains", (Object context, Options options) -> context instanceof Collection<?> c
                ? c.contains(options.param(0)) : text(context).contains(text(options.param(0, ""))));
        handlebars.registerHelper("startsWith", (Object context, Options options) -> text(context).startsWith(text(options.param(0, ""))));
        handlebars.registerHelper("endsWith", (Object context, Options options) -> text(context).endsWith(text(options.param(0, ""))));
        handlebars.registerHelper("urlEncode", (Object context, Options options) -> URLEncoder.encode(text(context), StandardCharsets.UTF_8));
        handlebars.registerHelper("add", (Object context, Options options) -> math(context, options, BigDecimal::add));
        handlebars.registerHelper("subtract", (Object context, Options options) -> math(context, options, BigDecimal::subtract));
        handlebars.registerHelper("multiply", (Object context, Options options) -> math(context, options, BigDecimal::multiply));
        handlebars.registerHelper("divide", (Object context, Options options) -> math(context, options, (a, b) -> {
            if (b.signum() == 0) {
                throw new TemplateException("Division by zero");
            }
            return a.divide(b, MathContext.DECIMAL64);
        }));
        handlebars.registerHelper("round", (Object context, Options options) ->
                plain(number(context).setScale(number(options.param(0, 0)).intValue(), RoundingMode.HALF_UP)));
        handlebars.registerHelper("now", (Object context, Options options) -> Instant.now().toString());
        handlebars.registerHelper("formatDate", (Object context, Options options) -> {
            String pattern = text(options.param(0, "yyyy-MM-dd'T'HH:mm:ssXXX"));
            ZoneId zone = ZoneId.of(text(options.hash("tz", "UTC")));
            try {
                return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(parseInstant(context).atZone(zone));
            } catch (IllegalArgumentException e) {
                throw new TemplateException("formatDate: " + e.getMessage());
            }
        });
    }

    private static Instant parseInstant(@Nullable Object value) {
        if (value instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        String text = text(value);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return java.time.LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    throw new TemplateException("formatDate: '" + abbreviate(text) + "' is not a date (use ISO-8601)");
                }
            }
        }
    }

    private interface Operation {
        BigDecimal apply(BigDecimal a, BigDecimal b);
    }

    private static Object math(@Nullable Object context, Options options, Operation operation) {
        BigDecimal result = number(context);
        for (Object param : options.params) {
            result = operation.apply(result, number(param));
        }
        return plain(result);
    }

    private static Object plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() <= 0 ? stripped.toBigIntegerExact().toString() : stripped.toPlainString();
    }

    private static BigDecimal number(@Nullable Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        try {
            return new BigDecimal(text(value).strip());
        } catch (NumberFormatException e) {
            throw new TemplateException("'" + abbreviate(text(value)) + "' is not a number");
        }
    }

    private static String text(@Nullable Object value) {
        return value == null ? "" : value.toString();
    }

    private static String toJson(@Nullable Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new TemplateException("json: " + e.getOriginalMessage());
        }
    }

    /** Partials are not part of the sandbox. */
    private static final TemplateLoader NO_PARTIALS = new com.github.jknack.handlebars.io.AbstractTemplateLoader() {
        @Override
        public com.github.jknack.handlebars.io.TemplateSource sourceAt(String location) throws IOException {
            throw new TemplateException("Partials ({{> " + location + "}}) are not supported");
        }
    };

    /** Stops a render (e.g. a runaway #each) as soon as it exceeds the output limit. */
    private static final class BoundedWriter extends Writer {
        private final StringWriter out = new StringWriter();
        private final int limit;
        private int written;

        BoundedWriter(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            written += length;
            if (written > limit) {
                throw new TemplateException("Rendered output exceeds " + limit + " characters");
            }
            out.write(buffer, offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
