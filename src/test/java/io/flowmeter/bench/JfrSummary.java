package io.flowmeter.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a JFR recording's CPU samples went, as text: by thread pool, by the package and the method on top of the stack
 * (self time) and by method anywhere on the stack (total time). Enough to see which layer a step's cost sits in.
 */
final class JfrSummary {

    private JfrSummary() {
    }

    static String summarize(Path recording, int top) throws IOException {
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> selfPackages = new HashMap<>();
        Map<String, Integer> selfMethods = new HashMap<>();
        Map<String, Integer> totalMethods = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N"), 1, Integer::sum);
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            RecordedFrame self = frames.get(0);
            String className = self.getMethod().getType().getName();
            selfPackages.merge(className.contains(".") ? className.substring(0, className.lastIndexOf('.')) : className, 1, Integer::sum);
            selfMethods.merge(name(self), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String method = name(frame);
                if (seen.add(method)) {
                    totalMethods.merge(method, 1, Integer::sum);
                }
            }
        }
        var out = new StringBuilder();
        out.append(String.format("JFR: %d CPU samples%n", samples));
        section(out, "by thread", threads, samples, top);
        section(out, "self, by package", selfPackages, samples, top);
        section(out, "self, by method", selfMethods, samples, top);
        section(out, "total (anywhere on the stack), by method", totalMethods, samples, top * 3);
        return out.toString();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void section(StringBuilder out, String title, Map<String, Integer> counts, int samples, int top) {
        out.append("-- ").append(title).append('\n');
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format("%6.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
    }
}
