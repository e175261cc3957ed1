package io.flowmeter.workflow.importer;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * n8n expressions turned into Flowmeter templates where they have an equivalent: a parameter starting with
 * {@code =} whose every {@code {{ … }}} is a plain reference — {@code $json.x}, {@code $json["x"]},
 * {@code $input.item.json.x}, {@code $('Node').item.json.y} (or {@code .first()}), {@code $node["Node"].json["y"]},
 * {@code $execution.id}, {@code $workflow.id}, {@code $now}. Anything else (operators, method calls, JavaScript,
 * {@code $env}, {@code $binary}, list positions) has none, and is reported with the text it had.
 */
final class N8nExpressions {

    /** Where references point: the template path of the node's input item, and of another node's output item. */
    interface Roots {
        /** The path {@code $json} stands for here, or why there is none (several inputs, none). */
        Resolved input();

        /** The path of the named node's item, or why there is none (no such node). */
        Resolved of(String nodeName);
    }

    /** A path, or the reason there is none. */
    record Resolved(@Nullable String path, @Nullable String problem) {
        static Resolved path(String path) {
            return new Resolved(path, null);
        }

        static Resolved none(String problem) {
            return new Resolved(null, problem);
        }
    }

    /** A parameter's translated value, and what could not be translated (null when all of it was). */
    record Result(String value, @Nullable String problem) {
    }

    private static final Pattern SEGMENT = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final String KEY = "(?:\\.[A-Za-z_$][A-Za-z0-9_$]*|\\[\\s*(?:'[^'\\]]*'|\"[^\"\\]]*\")\\s*])";
    private static final Pattern JSON = Pattern.compile("\\$json((?:" + KEY + ")*)");
    private static final Pattern INPUT = Pattern.compile("\\$input\\.(?:item|first\\(\\))\\.json((?:" + KEY + ")*)");
    private static final Pattern NAMED = Pattern.compile("\\$\\(\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*\\)\\.(?:item|first\\(\\))\\.json((?:" + KEY + ")*)");
    private static final Pattern NODE = Pattern.compile("\\$node(?:\\[\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*]|\\.([A-Za-z_][A-Za-z0-9_]*))\\.json((?:" + KEY + ")*)");
    private static final Pattern PART = Pattern.compile(KEY);
    private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private N8nExpressions() {
    }

    /** {@code text} as a Flowmeter template (literal text stays literal: its {@code {{} is escaped). */
    static Result translate(String text, Roots roots) {
        if (!text.startsWith("=")) {
            return new Result(escape(text), null);
        }
        String body = text.substring(1);
        Matcher m = SEGMENT.matcher(body);
        StringBuilder out = new StringBuilder();
        List<String> problems = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            out.append(escape(body.substring(last, m.start())));
            String inner = m.group(1).strip();
            Resolved resolved = reference(inner, roots);
            if (resolved.path() == null) {
                problems.add("{{ " + inner + " }}: " + resolved.problem());
                out.append(m.group());
            } else {
                out.append("{{").append(resolved.path()).append("}}");
            }
            last = m.end();
        }
        out.append(escape(body.substring(last)));
        if (!problems.isEmpty()) {
            return new Result(text, String.join("; ", problems));
        }
        return new Result(out.toString(), null);
    }

    /** The template path of one reference, or why it has none. */
    static Resolved reference(String inner, Roots roots) {
        Matcher m;
        if ((m = JSON.matcher(inner)).matches() || (m = INPUT.matcher(inner)).matches()) {
            return join(roots.input(), m.group(1));
        }
        if ((m = NAMED.matcher(inner)).matches()) {
            return join(roots.of(m.group(1) != null ? m.group(1) : m.group(2)), m.group(3));
        }
        if ((m = NODE.matcher(inner)).matches()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            return join(roots.of(name), m.group(4));
        }
        return switch (inner) {
            case "$execution.id" -> Resolved.path("run.id");
            case "$workflow.id" -> Resolved.path("run.workflowId");
            case "$now" -> Resolved.path("now");
            default -> Resolved.none("no Flowmeter equivalent (only plain references to a node's data translate)");
        };
    }

    private static Resolved join(Resolved root, @Nullable String keys) {
        if (root.path() == null) {
            return root;
        }
        StringBuilder path = new StringBuilder(root.path());
        Matcher part = PART.matcher(keys == null ? "" : keys);
        while (part.find()) {
            String key = part.group();
            if (key.startsWith(".")) {
                key = key.substring(1);
            } else {
                key = key.substring(1, key.length() - 1).strip();
                key = key.substring(1, key.length() - 1);
            }
            if (key.contains("$")) {
                return Resolved.none("no Flowmeter equivalent for the key '" + key + "'");
            }
            if (SIMPLE.matcher(key).matches()) {
                path.append('.').append(key);
            } else if (!key.isEmpty() && !key.contains("[") && !key.contains("]") && !key.contains("}")) {
                path.append(".[").append(key).append(']');
            } else {
                return Resolved.none("no Flowmeter equivalent for the key '" + key + "'");
            }
        }
        return Resolved.path(path.toString());
    }

    /** Literal text: a {@code {{} in it would start a template, so it is escaped. */
    static String escape(String literal) {
        return literal.replace("{{", "\\{{");
    }
}
