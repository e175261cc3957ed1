package io.flowmeter.workflow;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A step's value settings (a node's {@code value} field), typed: what one success of the step saves (minutes, once or
 * per item it processed; an outcome worth money, once or per item), which labour rate prices those minutes, what a
 * decision in an approval step costs in people's minutes, and the evidence behind the figures. Parsed strictly: an
 * unknown key or a bad value is refused with a message that names it, as for params.
 *
 * @param minutes         manual minutes saved each time the step succeeds
 * @param minutesPerItem  manual minutes saved per item the step processed
 * @param items           where the number of items is: a field of the step's output (a dot path; an array counts its
 *                        elements, a number counts as itself); a loop counts the items that succeeded without it
 * @param outcome         money the outcome is worth each time the step succeeds, in the organization's currency
 * @param outcomePerItem  money the outcome is worth per item
 * @param rate            the named labour rate the minutes are priced at (the organization's default without it)
 * @param minutesToDecide people's minutes one decision of an approval step takes (a cost)
 * @param evidence        why the figures are believable
 * @param evidenceUrl     a link to the evidence (http or https)
 * @param confidence      low, medium or high
 * @param basis           measured or assumed
 */
public record StepValue(@Nullable BigDecimal minutes, @Nullable BigDecimal minutesPerItem, @Nullable String items,
                        @Nullable BigDecimal outcome, @Nullable BigDecimal outcomePerItem, @Nullable String rate,
                        @Nullable BigDecimal minutesToDecide, @Nullable String evidence, @Nullable String evidenceUrl,
                        @Nullable String confidence, @Nullable String basis) {

    public static final StepValue NONE = new StepValue(null, null, null, null, null, null, null, null, null, null, null);

    /** The keys a node's value field may have, in the order the builder shows them. */
    public static final List<String> KEYS = List.of("minutes", "minutesPerItem", "items", "outcome", "outcomePerItem", "rate",
            "minutesToDecide", "evidence", "evidenceUrl", "confidence", "basis");

    public static final List<String> CONFIDENCES = List.of("low", "medium", "high");
    public static final List<String> BASES = List.of("measured", "assumed");

    /** Largest number of minutes one setting may give (a week of work). */
    public static final BigDecimal MAX_MINUTES = BigDecimal.valueOf(10_080);
    /** Largest money amount one setting may give. */
    public static final BigDecimal MAX_MONEY = new BigDecimal("1000000000");

    /**
     * The settings of a node's value field.
     *
     * @throws IllegalArgumentException naming the key, for an unknown key or a value of the wrong kind or out of range
     */
    public static StepValue of(@Nullable Map<String, ?> value) {
        if (value == null || value.isEmpty()) {
            return NONE;
        }
        for (String key : value.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("Unknown value setting '" + key + "' (known: " + String.join(", ", KEYS) + ")");
            }
        }
        var parsed = new StepValue(number(value, "minutes", MAX_MINUTES), number(value, "minutesPerItem", MAX_MINUTES),
                text(value, "items", 200), number(value, "outcome", MAX_MONEY), number(value, "outcomePerItem", MAX_MONEY),
                text(value, "rate", 60), number(value, "minutesToDecide", MAX_MINUTES), text(value, "evidence", 2000),
                url(value), choice(value, "confidence", CONFIDENCES), choice(value, "basis", BASES));
        if (parsed.items() != null && !parsed.items().matches("[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*")) {
            throw new IllegalArgumentException("Value setting 'items' names a field of the step's output, such as rows or body.items");
        }
        return parsed;
    }

    /** Whether any setting gives value (minutes or an outcome). */
    public boolean savesSomething() {
        return positive(minutes) || positive(minutesPerItem) || positive(outcome) || positive(outcomePerItem);
    }

    /** Whether the settings count per item. */
    public boolean perItem() {
        return positive(minutesPerItem) || positive(outcomePerItem);
    }

    /** The settings as a node's value field (only those that are set), e.g. for the builder to store. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        put(map, "minutes", minutes);
        put(map, "minutesPerItem", minutesPerItem);
        put(map, "items", items);
        put(map, "outcome", outcome);
        put(map, "outcomePerItem", outcomePerItem);
        put(map, "rate", rate);
        put(map, "minutesToDecide", minutesToDecide);
        put(map, "evidence", evidence);
        put(map, "evidenceUrl", evidenceUrl);
        put(map, "confidence", confidence);
        put(map, "basis", basis);
        return map;
    }

    private static void put(Map<String, Object> map, String key, @Nullable Object value) {
        if (value != null) {
            map.put(key, value instanceof BigDecimal number ? number.stripTrailingZeros().toPlainString() : value);
        }
    }

    private static boolean positive(@Nullable BigDecimal number) {
        return number != null && number.signum() > 0;
    }

    private static @Nullable BigDecimal number(Map<String, ?> value, String key, BigDecimal max) {
        Object raw = value.get(key);
        if (raw == null || (raw instanceof String s && s.isBlank())) {
            return null;
        }
        BigDecimal number;
        try {
            number = raw instanceof Number n ? new BigDecimal(n.toString()) : raw instanceof String s ? new BigDecimal(s.strip()) : null;
        } catch (NumberFormatException e) {
            number = null;
        }
        if (number == null) {
            throw new IllegalArgumentException("Value setting '" + key + "' must be a number, not " + describe(raw));
        }
        if (number.signum() < 0 || number.compareTo(max) > 0) {
            throw new IllegalArgumentException("Value setting '" + key + "' must be between 0 and " + max.toPlainString());
        }
        if (number.scale() > 6) {
            throw new IllegalArgumentException("Value setting '" + key + "' has more than 6 decimals");
        }
        return number;
    }

    private static @Nullable String text(Map<String, ?> value, String key, int max) {
        Object raw = value.get(key);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String text)) {
            throw new IllegalArgumentException("Value setting '" + key + "' must be text, not " + describe(raw));
        }
        String stripped = text.strip();
        if (stripped.length() > max) {
            throw new IllegalArgumentException("Value setting '" + key + "' is longer than " + max + " characters");
        }
        if (stripped.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Value setting '" + key + "' contains a NUL character");
        }
        return stripped.isEmpty() ? null : stripped;
    }

    private static @Nullable String url(Map<String, ?> value) {
        String text = text(value, "evidenceUrl", 2000);
        if (text == null) {
            return null;
        }
        try {
            URI uri = URI.create(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return text;
            }
        } catch (IllegalArgumentException ignored) {
            // refused below
        }
        throw new IllegalArgumentException("Value setting 'evidenceUrl' must be an http or https link");
    }

    private static @Nullable String choice(Map<String, ?> value, String key, List<String> options) {
        String text = text(value, key, 20);
        if (text == null) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (!options.contains(lower)) {
            throw new IllegalArgumentException("Value setting '" + key + "' must be one of " + String.join(", ", options));
        }
        return lower;
    }

    private static String describe(Object raw) {
        return raw instanceof Map ? "an object" : raw instanceof List ? "a list" : raw instanceof Boolean ? "true/false" : "'" + raw + "'";
    }
}
