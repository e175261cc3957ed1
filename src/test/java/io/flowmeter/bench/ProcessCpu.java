package io.flowmeter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time of processes from {@code /proc/<pid>/stat} (user + system, in clock ticks of 1/100 s). PostgreSQL's is its
 * postmaster's, every live child's (backends, WAL writer, checkpointer, autovacuum…) and that of children that
 * exited meanwhile (the postmaster's {@code cutime + cstime}), so a backend that came and went is counted too.
 */
final class ProcessCpu {

    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** CPU seconds the process used so far (its threads included, its children not). */
    static double seconds(long pid) throws IOException {
        long[] fields = stat(pid);
        return fields == null ? 0 : (fields[0] + fields[1]) / TICKS_PER_SECOND;
    }

    /** CPU seconds of each live thread of the process so far, by thread name and id. */
    static java.util.Map<String, Double> threads(long pid) throws IOException {
        java.util.Map<String, Double> threads = new java.util.HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = read(task.resolve("stat"));
                if (stat != null) {
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] after = afterName(stat);
                    threads.put(name + "#" + task.getFileName(), (Long.parseLong(after[11]) + Long.parseLong(after[12])) / TICKS_PER_SECOND);
                }
            }
        }
        return threads;
    }

    /** CPU seconds used so far by the postmaster and all its children, live and exited. */
    static double treeSeconds(long postmaster) throws IOException {
        long[] own = stat(postmaster);
        if (own == null) {
            return 0;
        }
        long ticks = own[0] + own[1] + own[2] + own[3];
        for (long child : children(postmaster)) {
            long[] fields = stat(child);
            if (fields != null) {
                ticks += fields[0] + fields[1];
            }
        }
        return ticks / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds used so far by the postmaster's live children by what they are (from their command line: "backend"
     * for client connections, else "walwriter", "checkpointer", "autovacuum launcher"…), the postmaster itself and the
     * children that exited meanwhile (autovacuum workers come and go) as "postmaster + exited children".
     */
    static java.util.Map<String, Double> treeByKind(long postmaster) throws IOException {
        java.util.Map<String, Double> kinds = new java.util.TreeMap<>();
        long[] own = stat(postmaster);
        if (own == null) {
            return kinds;
        }
        kinds.put("postmaster + exited children", (own[0] + own[1] + own[2] + own[3]) / TICKS_PER_SECOND);
        for (long child : children(postmaster)) {
            long[] fields = stat(child);
            if (fields != null) {
                kinds.merge(kind(child), (fields[0] + fields[1]) / TICKS_PER_SECOND, Double::sum);
            }
        }
        return kinds;
    }

    private static String kind(long pid) {
        String cmdline = read(Path.of("/proc", String.valueOf(pid), "cmdline"));
        String title = cmdline == null ? "" : cmdline.replace('\0', ' ').strip();
        if (!title.startsWith("postgres: ")) {
            return "other";
        }
        String what = title.substring("postgres: ".length());
        // a backend's title is "user database host(port) state"; the auxiliary processes' is their name
        return what.matches("\\S+ \\S+ \\S+\\(\\d+\\).*") || what.matches("\\S+ \\S+ \\[local\\].*") ? "backend" : what.replaceAll("[0-9]+", "N");
    }

    private static List<Long> children(long parent) throws IOException {
        List<Long> children = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat = read(entry.resolve("stat"));
                if (stat != null && parentOf(stat) == parent) {
                    children.add(Long.parseLong(name));
                }
            }
        }
        return children;
    }

    /** utime, stime, cutime, cstime; null when the process is gone. */
    private static long @org.jspecify.annotations.Nullable [] stat(long pid) {
        String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
        if (stat == null) {
            return null;
        }
        String[] after = afterName(stat);
        // fields after the name start at field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
        return new long[]{Long.parseLong(after[11]), Long.parseLong(after[12]), Long.parseLong(after[13]), Long.parseLong(after[14])};
    }

    private static long parentOf(String stat) {
        return Long.parseLong(afterName(stat)[1]);
    }

    /** The process name is in parentheses and may hold spaces: split what follows its closing one. */
    private static String[] afterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static @org.jspecify.annotations.Nullable String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException gone) {
            return null;
        }
    }
}
