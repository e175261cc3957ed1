package io.flowmeter.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles and units, and the no-op workflows the engine benchmarks run; plain, so a load generator loads no Spring test. */
public final class Figures {

    private Figures() {
    }

    static long pct(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** A manual trigger and {@code steps} core.noop steps in a line. */
    public static String chain(int steps) {
        StringBuilder nodes = new StringBuilder("{\"id\": \"t\", \"type\": \"trigger.manual\"}");
        StringBuilder edges = new StringBuilder();
        String previous = "t";
        for (int i = 1; i <= steps; i++) {
            nodes.append(", {\"id\": \"n").append(i).append("\", \"type\": \"core.noop\"}");
            edges.append(i == 1 ? "" : ", ").append("{\"from\": \"").append(previous).append("\", \"to\": \"n").append(i).append("\"}");
            previous = "n" + i;
        }
        return "{\"name\": \"chain " + steps + "\", \"nodes\": [" + nodes + "], \"edges\": [" + edges + "]}";
    }
}
