package io.flowmeter.bench;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.communication.UidlWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the screen and query benchmarks share: opening screens browserless, reading query plans, the machine's state. */
final class BenchmarkReports {

    private BenchmarkReports() {
    }

    /** Leaves the current screen, so the next navigation builds its view from scratch as a visitor's first open does. */
    static void leave() {
        UI.getCurrent().navigate("settings");
        respond();
    }

    /** Builds the response to the browser as the servlet does after a request (and with it a grid's rows); its size. */
    static long respond() {
        return new UidlWriter().createUidl(UI.getCurrent(), false).toString().length();
    }

    /**
     * One line of {@code EXPLAIN (ANALYZE, BUFFERS)} into {@code report} (the nodes, rows, buffers and time), the whole
     * plan into {@code plans}.
     */
    static void explain(StringBuilder report, StringBuilder plans, String label, List<String> plan) {
        String top = plan.get(0).strip();
        String buffers = plan.stream().filter(l -> l.strip().startsWith("Buffers:")).findFirst().map(String::strip).orElse("");
        String time = plan.stream().filter(l -> l.startsWith("Execution Time")).findFirst().orElse("");
        List<String> nodes = new ArrayList<>(List.of(top.replaceFirst("\\s+\\(cost=.*", "")));
        plan.stream().map(String::strip).filter(l -> l.startsWith("->"))
                .forEach(l -> nodes.add(l.replaceFirst("^->\\s*", "").replaceFirst("\\s+\\(cost=.*", "")));
        String rows = top.replaceFirst(".*actual time=[^ ]+ rows=([0-9.]+).*", "$1");
        report.append(String.format("  %-44s %s; rows %s; %s; %s%n", label, String.join(" > ", nodes), rows, buffers, time));
        plans.append("\n-- ").append(label).append('\n');
        plan.forEach(l -> plans.append(l).append('\n'));
    }

    /** The load average over 1, 5 and 15 minutes. */
    static String loadAverage() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    /** The PostgreSQL settings that matter for the plans. */
    static String postgresSettings(JdbcTemplate owner) {
        List<String> settings = new ArrayList<>();
        owner.queryForList("""
                select name, setting, unit from pg_settings
                where name in ('server_version', 'shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', 'jit')
                order by name
                """).forEach(r -> settings.add(r.get("name") + "=" + r.get("setting") + (r.get("unit") == null ? "" : " " + r.get("unit"))));
        return "PostgreSQL: " + String.join(", ", settings);
    }
}
