package io.flowmeter.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a benchmark ran on, in one line: its figures mean nothing without it. */
final class Machine {

    private Machine() {
    }

    static String describe() throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        return String.format("machine: %d cores (%s), %.1f GiB RAM, %s %s, Java %s, embedded PostgreSQL with fsync and synchronous_commit on",
                Runtime.getRuntime().availableProcessors(), cpu, memory / 1024.0 / 1024 / 1024, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"));
    }
}
