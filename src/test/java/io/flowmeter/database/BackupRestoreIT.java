package io.flowmeter.database;

import io.flowmeter.support.AppProcess;
import io.flowmeter.support.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations on an external database, as the README's "Backups" section and the Helm chart do them: the schema is
 * created by {@code migrate} (two at once, as pods starting together do), the product runs on it, an online base
 * backup is taken while it runs (PostgreSQL's low-level backup API, what {@code pg_basebackup} does), and the backup
 * is restored into a fresh server that a new Flowmeter process then starts on: everything committed before the backup
 * is there, and it runs workflows.
 */
class BackupRestoreIT {

    private static final String MASTER_KEY = Base64.getEncoder().encodeToString("restore-test-master-key-32bytes!".getBytes());

    @TempDir
    Path dir;

    @Test
    void migrateThenBackUpWhileRunningThenRestoreIntoAFreshServerAndStartOnIt() throws Exception {
        Map<String, String> shared = Map.of("FLOWMETER_MASTER_KEY", MASTER_KEY,
                "FLOWMETER_DB_APP_PASSWORD", "restore-app-password", "FLOWMETER_DB_PLATFORM_PASSWORD", "restore-platform-password");
        List<String> runs = new ArrayList<>();
        String workflowId;
        Path restored = dir.resolve("restored");
        try (var original = EmbeddedPostgresServer.start(dir.resolve("original"), 0)) {
            String url = original.jdbcUrl();
            List<String> args = List.of("--flowmeter.db.url=" + url, "--flowmeter.db.user=postgres", "--flowmeter.db.password=",
                    "--flowmeter.db.app-password=restore-app-password", "--flowmeter.db.platform-password=restore-platform-password");
            // two pods' init containers at once, each a JVM of its own: the advisory lock serializes them
            List<Process> migrations = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.flowmeter.FlowmeterApplication", "migrate"));
                command.addAll(args);
                // not in the project folder, whose db/ Liquibase would find besides the classpath's
                migrations.add(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("migrate-" + i + ".log").toFile()).start());
            }
            for (int i = 0; i < migrations.size(); i++) {
                assertThat(migrations.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(migrations.get(i).exitValue()).as("migrate's exit code; its log:\n%s",
                        Files.readString(dir.resolve("migrate-" + i + ".log"))).isZero();
            }
            assertThat(Files.readString(dir.resolve("migrate-0.log")) + Files.readString(dir.resolve("migrate-1.log")))
                    .contains("Database schema is up to date");
            try (var db = DriverManager.getConnection(url, "postgres", "");
                 var rows = db.createStatement().executeQuery("SELECT (SELECT count(*) FROM databasechangelog), "
                         + "(SELECT count(*) FROM databasechangelog GROUP BY id, author, filename ORDER BY 1 DESC LIMIT 1), "
                         + "(SELECT count(*) FROM jobrunr_migrations), (SELECT count(*) FROM pg_roles WHERE rolname IN "
                         + "('flowmeter_app', 'flowmeter_platform'))")) {
                rows.next();
                assertThat(rows.getInt(1)).as("changesets applied").isGreaterThan(20);
                assertThat(rows.getInt(2)).as("no changeset applied twice").isEqualTo(1);
                assertThat(rows.getInt(3)).as("JobRunr's migrations").isGreaterThan(5);
                assertThat(rows.getInt(4)).as("the runtime and platform roles").isEqualTo(2);
            }

            Map<String, String> environment = new HashMap<>(shared);
            environment.put("FLOWMETER_DB_URL", url);
            environment.put("FLOWMETER_DB_USER", "postgres");
            environment.put("FLOWMETER_DATA_DIR", dir.resolve("app-data").toString());
            try (var app = new AppProcess(dir.resolve("app"), Cluster.freePort(), environment)) {
                app.start();
                app.awaitReady(Duration.ofSeconds(120));
                workflowId = app.publish(DEFINITION);
                for (int i = 0; i < 5; i++) {
                    runs.add(app.body(app.call("POST", "/api/v1/workflows/" + workflowId + "/runs", "{\"n\": " + i + "}")).get("runId").asText());
                }
                awaitSucceeded(app, runs);

                // the online backup, taken while the product runs on the database, with more runs just started
                for (int i = 5; i < 10; i++) {
                    runs.add(app.body(app.call("POST", "/api/v1/workflows/" + workflowId + "/runs", "{\"n\": " + i + "}")).get("runId").asText());
                }
                baseBackup(url, dir.resolve("original"), restored);
            }
        }

        try (var fresh = EmbeddedPostgresServer.start(restored, 0)) {
            Map<String, String> environment = new HashMap<>(shared);
            environment.put("FLOWMETER_DB_URL", fresh.jdbcUrl());
            environment.put("FLOWMETER_DB_USER", "postgres");
            environment.put("FLOWMETER_DEMO_SEED", "false");
            environment.put("FLOWMETER_DATA_DIR", dir.resolve("app-data-2").toString());
            try (var app = new AppProcess(dir.resolve("app-2"), Cluster.freePort(), environment)) {
                app.start();
                app.awaitReady(Duration.ofSeconds(120));
                // the API key, the workflow and its runs came with the backup; a run still going at the backup finishes here
                var workflow = app.call("GET", "/api/v1/workflows/" + workflowId, null);
                assertThat(workflow.statusCode()).as(workflow.body()).isEqualTo(200);
                awaitSucceeded(app, runs);
                // and the restored database runs new work
                String again = app.body(app.call("POST", "/api/v1/workflows/" + workflowId + "/runs", "{\"n\": 99}")).get("runId").asText();
                awaitSucceeded(app, List.of(again));
            }
        }
    }

    /**
     * Non-exclusive low-level base backup: pg_backup_start, copy the data directory (without the WAL, the lock file and
     * what PostgreSQL's documentation says to leave out), pg_backup_stop, then the WAL written meanwhile and the backup
     * label it returned. Started on the copy, PostgreSQL replays that WAL to a consistent state.
     */
    static void baseBackup(String url, Path source, Path target) throws Exception {
        try (var db = DriverManager.getConnection(url, "postgres", "")) {
            try (var start = db.createStatement()) {
                start.execute("SELECT pg_backup_start('flowmeter-restore-test', true)");
            }
            Set<String> skipped = Set.of("postmaster.pid", "postmaster.opts", "pg_internal.init", "epg-lock");
            Set<String> emptied = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots",
                    "pg_stat_tmp", "pg_subtrans");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path relative = source.relativize(file);
                    // directories are all kept (pg_wal/archive_status and the like must exist), some of them empty
                    if (!Files.isDirectory(file) && (relative.getNameCount() > 1 && emptied.contains(relative.getName(0).toString())
                            || skipped.contains(file.getFileName().toString()))) {
                        continue;
                    }
                    copy(file, target.resolve(relative.toString()));
                }
            }
            String label;
            try (var stop = db.createStatement(); var result = stop.executeQuery("SELECT labelfile FROM pg_backup_stop(false)")) {
                result.next();
                label = result.getString(1);
            }
            try (Stream<Path> wal = Files.list(source.resolve("pg_wal"))) {
                for (Path file : (Iterable<Path>) wal::iterator) {
                    if (Files.isRegularFile(file)) {
                        copy(file, target.resolve("pg_wal").resolve(file.getFileName().toString()));
                    }
                }
            }
            Files.writeString(target.resolve("backup_label"), label);
            // PostgreSQL starts only on a data directory no one else may read
            Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void copy(Path file, Path to) throws IOException {
        if (Files.isDirectory(file)) {
            Files.createDirectories(to);
        } else if (Files.exists(file)) {
            Files.createDirectories(to.getParent());
            try {
                Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.NoSuchFileException removedMeanwhile) {
                // a file PostgreSQL removed during the copy: the WAL replay recreates what it needs
            }
        }
    }

    private static void awaitSucceeded(AppProcess app, List<String> runs) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        for (String run : runs) {
            while (!app.runStatus(run).equals("SUCCEEDED") && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(app.runStatus(run)).as(run).isEqualTo("SUCCEEDED");
        }
    }

    private static final String DEFINITION = """
            {"name": "restore", "nodes": [{"id": "start", "type": "trigger.manual"},
              {"id": "shape", "type": "core.transform", "params": {"value": {"n": "{{trigger.n}}"}}},
              {"id": "done", "type": "core.noop"}],
             "edges": [{"from": "start", "to": "shape"}, {"from": "shape", "to": "done"}]}""";
}
