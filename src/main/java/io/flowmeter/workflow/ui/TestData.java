package io.flowmeter.workflow.ui;

import io.flowmeter.workflow.StepTests;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The builder's sample data: the trigger's sample input and what each tested step returned. Templates are previewed
 * against it, field suggestions come from it, and "Test step" runs with it — as a run would see {@code trigger.*} and
 * {@code steps.<id>.output.*}. Synchronized: "Test workflow" records results from its own thread while the panel reads.
 */
final class TestData {

    /** Suggestions stop here: a huge sample would otherwise list thousands of paths. */
    static final int MAX_PATHS = 200;

    private @Nullable Object trigger;
    private final Map<String, StepTests.Result> results = new LinkedHashMap<>();

    synchronized void trigger(@Nullable Object sample) {
        this.trigger = sample;
    }

    synchronized void recorded(String nodeId, StepTests.Result result) {
        results.put(nodeId, result);
    }

    synchronized StepTests.@Nullable Result result(String nodeId) {
        return results.get(nodeId);
    }

    synchronized void forget(Set<String> keep) {
        results.keySet().retainAll(keep);
    }

    /** The template model a step sees, with only {@code upstream} steps' outputs (as in a run). */
    Map<String, Object> model(Set<String> upstream) {
        return model(upstream, Map.of());
    }

    /**
     * As above; an upstream step not tested yet contributes its action's declared sample output ({@code declared}, by
     * step id), so previews show something plausible before anything ran.
     */
    synchronized Map<String, Object> model(Set<String> upstream, Map<String, Object> declared) {
        Map<String, Object> steps = new HashMap<>();
        declared.forEach((id, sample) -> {
            if (upstream.contains(id)) {
                Map<String, Object> step = new HashMap<>();
                step.put("output", sample);
                steps.put(id, step);
            }
        });
        results.forEach((id, result) -> {
            if (upstream.contains(id)) {
                Map<String, Object> step = new HashMap<>();
                step.put("output", result.output());
                step.put("error", result.error());
                steps.put(id, step);
            }
        });
        Map<String, Object> model = new HashMap<>();
        model.put("trigger", trigger == null ? Map.of() : trigger);
        model.put("steps", steps);
        model.put("run", Map.of("id", "test", "attempt", 1, "version", 0));
        return model;
    }

    /** Every field path a template in a step after {@code upstream} can use, from the sample data. */
    List<String> paths(List<String> upstream) {
        return paths(upstream, Map.of());
    }

    /**
     * As above; for a step not tested yet, its action's declared output fields ({@code declared}: step id → output
     * paths) stand in for test data.
     */
    synchronized List<String> paths(List<String> upstream, Map<String, List<String>> declared) {
        List<String> paths = new ArrayList<>();
        flatten("trigger", trigger, paths);
        for (String id : upstream) {
            StepTests.Result result = results.get(id);
            String base = "steps." + id + ".output";
            if (result != null && result.output() != null) {
                flatten(base, result.output(), paths);
            } else if (declared.containsKey(id) && !declared.get(id).isEmpty()) {
                declared.get(id).forEach(path -> paths.add(base + "." + path));
            } else {
                paths.add(base);
            }
        }
        return paths.size() > MAX_PATHS ? paths.subList(0, MAX_PATHS) : paths;
    }

    private static void flatten(String prefix, @Nullable Object value, List<String> into) {
        if (into.size() >= MAX_PATHS) {
            return;
        }
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                // Handlebars paths: plain names only; others need [brackets]
                String part = key.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + key : ".[" + key + "]";
                flatten(prefix + part, v, into);
            });
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            into.add(prefix);
            flatten(prefix + ".[0]", list.get(0), into);
        } else {
            into.add(prefix);
        }
    }
}
