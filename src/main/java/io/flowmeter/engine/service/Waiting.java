package io.flowmeter.engine.service;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a WAITING step waits for, as stored in {@code step_runs.waiting}. The stored shape is read elsewhere too (the
 * approvals list reads {@code info.message}, recovery {@code kind} and {@code info.childRunId}, the run screens and the
 * API show it) and rows written by earlier versions must still be read, so its keys never change: {@code kind};
 * {@code until} and {@code output} for a delay; {@code info} and {@code timeoutOutput} for a signal; {@code info =
 * {count, concurrency}}, {@code continueOnError} and {@code items} for a loop.
 */
sealed interface Waiting permits Waiting.Delay, Waiting.Signal, Waiting.Loop {

    /** The stored {@code kind}: "delay", "loop", or the kind of signal ("approval", "subworkflow", ...). */
    String kind();

    /** The stored shape, to be written as JSON. */
    Map<String, Object> toMap();

    /**
     * Ends at {@code until}, with {@code output} as the step's output. {@code until} is for people (the step's
     * {@code wake_at} times the delay); it is null only in a row whose {@code until} is missing or unreadable.
     */
    record Delay(@Nullable Instant until, @Nullable Object output) implements Waiting {
        static final String KIND = "delay";

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("kind", KIND);
            map.put("until", until == null ? null : until.toString());
            map.put("output", output);
            return map;
        }
    }

    /**
     * Ends with a signal of {@code kind} (an approval's answer, a sub-workflow's child run finishing), or at its
     * timeout with {@code timeoutOutput}. {@code info} is what the step told about its wait (an approval's message, a
     * sub-workflow's {@code childRunId}).
     */
    record Signal(String kind, @Nullable Object info, @Nullable Object timeoutOutput) implements Waiting {
        static final String APPROVAL = "approval";

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("kind", kind);
            map.put("info", info);
            map.put("timeoutOutput", timeoutOutput);
            return map;
        }

        /** The child run a sub-workflow waits for, if {@code info} names one. */
        @Nullable UUID childRunId() {
            Object id = info instanceof Map<?, ?> map ? map.get("childRunId") : null;
            return id == null ? null : UUID.fromString(id.toString());
        }
    }

    /** Ends when its items' runs have ended: at most {@code concurrency} at a time, in order. */
    record Loop(int count, int concurrency, boolean continueOnError, List<@Nullable Object> items) implements Waiting {
        static final String KIND = "loop";

        public Loop {
            items = java.util.Collections.unmodifiableList(new ArrayList<>(items));
        }

        Loop(List<@Nullable Object> items, int concurrency, boolean continueOnError) {
            this(items.size(), concurrency, continueOnError, items);
        }

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("count", count);
            info.put("concurrency", concurrency);
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("kind", KIND);
            map.put("info", info);
            map.put("continueOnError", continueOnError);
            map.put("items", items);
            return map;
        }
    }

    /**
     * A stored wait, read leniently: a row written by any version must not stop a run. A kind this version does not
     * know is a signal of that kind (only a signal of that kind ends it); a row without a kind, one of kind "".
     */
    static Waiting parse(EngineJson json, @Nullable String text) {
        return of(json.readMap(text));
    }

    static Waiting of(Map<String, Object> map) {
        String kind = map.get("kind") instanceof String text ? text : "";
        Object info = map.get("info");
        return switch (kind) {
            case Delay.KIND -> new Delay(instant(map.get("until")), map.get("output"));
            case Loop.KIND -> {
                List<@Nullable Object> items = map.get("items") instanceof List<?> list ? new ArrayList<Object>(list) : List.of();
                Map<?, ?> counts = info instanceof Map<?, ?> m ? m : Map.of();
                int count = counts.get("count") instanceof Number n ? n.intValue() : items.size();
                int concurrency = counts.get("concurrency") instanceof Number n ? n.intValue() : 1;
                yield new Loop(count, concurrency, Boolean.TRUE.equals(map.get("continueOnError")), items);
            }
            default -> new Signal(kind, info, map.get("timeoutOutput"));
        };
    }

    private static @Nullable Instant instant(@Nullable Object value) {
        if (!(value instanceof String text)) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
